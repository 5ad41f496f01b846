import Foundation
import Store

/// Creates users who sign in with a password, after checking their username, email and password.
public struct UserAccounts: Sendable {
    /// The longest username.
    public static let maximumUsernameLength = 39

    let store: any UserStore
    public let hasher: PasswordHasher
    public let policy: PasswordPolicy
    let clock: WallClock

    public init(
        store: any UserStore, hasher: PasswordHasher = PasswordHasher(), policy: PasswordPolicy = PasswordPolicy(),
        clock: WallClock = .system
    ) {
        self.store = store
        self.hasher = hasher
        self.policy = policy
        self.clock = clock
    }

    /// Creates a user with a password.
    /// - Parameters:
    ///   - username: 1 to 39 ASCII letters, digits, `-`, `_` or `.`, starting with a letter or digit; unique
    ///     regardless of case.
    ///   - password: a password the policy accepts.
    ///   - role: admin or member.
    ///   - email: an address, or empty.
    ///   - displayName: the name shown; the username when nil.
    /// - Throws: `AuthError` `.invalidArgument` or `.weakPassword` naming the rule broken; `StoreError`
    ///   `.conflict` when the username is taken.
    public func createUser(
        username: String, password: String, role: User.Role, email: String = "", displayName: String? = nil
    ) async throws -> User {
        try Self.checkUsername(username)
        try Self.checkEmail(email)
        try policy.check(password)
        if try await store.findUser(username: username) != nil {
            throw StoreError(code: .conflict, message: "a user named '\(username)' already exists")
        }
        let user = User(
            id: randomRecordID(), username: username, displayName: displayName ?? username, email: email,
            role: role, passwordHash: await hasher.hash(password), createdAt: clock.now())
        try await store.createUser(user)
        return user
    }

    /// Checks a new username.
    /// - Throws: `AuthError` `.invalidArgument` naming the rule it breaks.
    public static func checkUsername(_ username: String) throws(AuthError) {
        guard !username.isEmpty, username.count <= maximumUsernameLength else {
            throw .invalidArgument(
                "invalid username '\(username)': it must be 1 to \(maximumUsernameLength) characters")
        }
        let allowed = username.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_.".unicodeScalars.contains(scalar))
        }
        guard allowed, let first = username.unicodeScalars.first, first != "-", first != "_", first != "." else {
            throw .invalidArgument(
                "invalid username '\(username)': use ASCII letters, digits, '-', '_' and '.', starting with a letter "
                    + "or digit")
        }
    }

    /// Checks an email address loosely: empty, or one `@` with text on both sides and no spaces.
    /// - Throws: `AuthError` `.invalidArgument`.
    public static func checkEmail(_ email: String) throws(AuthError) {
        guard !email.isEmpty else { return }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            !email.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control
            })
        else { throw .invalidArgument("invalid email address '\(email)'") }
    }
}
