import Foundation
import Store

extension OIDCLogin {
    /// The user who signs in with this issuer and subject, created as a member on the first sign-in.
    func findOrCreateUser(claims: OIDCIDTokenClaims, email: String) async throws -> (User, isNew: Bool) {
        if let user = try await store.findUser(oidcIssuer: claims.issuer, subject: claims.subject) {
            return (user, false)
        }
        let base = Self.usernameBase(preferredUsername: claims.preferredUsername, email: email)
        for attempt in 1...20 {
            let username: String
            if attempt == 1 {
                username = base
            } else {
                let suffix = attempt <= 10 ? "-\(attempt)" : "-\(randomRecordID().prefix(6))"
                username = String(base.prefix(UserAccounts.maximumUsernameLength - suffix.count)) + suffix
            }
            if try await store.findUser(username: username) != nil { continue }
            let user = User(
                id: randomRecordID(), username: username, displayName: claims.name ?? username, email: email,
                role: .member, oidcIssuer: claims.issuer, oidcSubject: claims.subject, createdAt: clock.now())
            do {
                try await store.createUser(user)
                return (user, true)
            } catch let error as StoreError where error.code == .conflict {
                // A concurrent first sign-in of the same person, or another user took the name meanwhile.
                if let existing = try await store.findUser(oidcIssuer: claims.issuer, subject: claims.subject) {
                    return (existing, false)
                }
            }
        }
        throw StoreError(code: .conflict, message: "no free username could be found for '\(base)'")
    }

    /// A valid username from `preferred_username`, or else the email's local part: ASCII letters, digits, `-`, `_`
    /// and `.`, starting with a letter or digit, at most 39 characters; "user" when nothing is left.
    static func usernameBase(preferredUsername: String?, email: String) -> String {
        let emailName = email.split(separator: "@").first.map(String.init) ?? ""
        for candidate in [preferredUsername ?? "", emailName] {
            var name = String(
                String.UnicodeScalarView(
                    candidate.unicodeScalars.map { scalar -> Unicode.Scalar in
                        let allowed =
                            scalar.isASCII
                            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                                || "-_.".unicodeScalars.contains(scalar))
                        return allowed ? scalar : "-"
                    }))
            while let first = name.unicodeScalars.first, "-_.".unicodeScalars.contains(first) { name.removeFirst() }
            name = String(name.prefix(UserAccounts.maximumUsernameLength))
            if (try? UserAccounts.checkUsername(name)) != nil { return name }
        }
        return "user"
    }
}
