import Crypto
import Foundation

/// The claims of an ID token that Swiftpod uses, after they were checked (OIDC Core §3.1.3.7).
public struct OIDCIDTokenClaims: Sendable, Equatable {
    public let issuer: String
    public let subject: String
    public let audience: [String]
    public let expiresAt: Date
    public let email: String?
    /// `email_verified`, when the token has it.
    public let emailVerified: Bool?
    public let preferredUsername: String?
    public let name: String?

    /// What a token must match: who issued it, for whom, with which nonce, at what time.
    public struct Expectation: Sendable {
        public var issuer: String
        public var clientID: String
        public var nonce: String
        public var now: Date
        public var leeway: TimeInterval

        public init(issuer: String, clientID: String, nonce: String, now: Date, leeway: TimeInterval) {
            self.issuer = issuer
            self.clientID = clientID
            self.nonce = nonce
            self.now = now
            self.leeway = leeway
        }
    }

    /// Reads and checks the claims of a payload whose signature was verified.
    /// - Throws: `AuthError` `.invalidIDToken` naming the claim at fault: `iss`, `aud`, `azp`, `exp`, `iat`, `nbf`,
    ///   `nonce` or `sub`.
    public init(payload: [UInt8], expecting expected: Expectation) throws(AuthError) {
        guard let claims = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
            throw .invalidIDToken("its payload is not a JSON object")
        }
        guard let issuer = claims["iss"] as? String else { throw .invalidIDToken("it has no issuer ('iss')") }
        guard issuer == expected.issuer else {
            throw .invalidIDToken("its issuer '\(issuer)' is not the configured issuer '\(expected.issuer)'")
        }
        let audience: [String]
        switch claims["aud"] {
        case let single as String: audience = [single]
        case let list as [Any] where list.allSatisfy({ $0 is String }): audience = list.compactMap { $0 as? String }
        default: throw .invalidIDToken("its audience ('aud') is missing or not a string or array of strings")
        }
        guard audience.contains(expected.clientID) else {
            throw .invalidIDToken(
                "its audience \(audience) does not include this client '\(expected.clientID)'")
        }
        let authorizedParty = claims["azp"] as? String
        if audience.count > 1 && authorizedParty == nil {
            throw .invalidIDToken("it has several audiences but no authorized party ('azp')")
        }
        if let authorizedParty, authorizedParty != expected.clientID {
            throw .invalidIDToken("its authorized party '\(authorizedParty)' is not this client")
        }
        guard let expiry = Self.time(claims["exp"]) else {
            throw .invalidIDToken("it has no numeric expiry ('exp')")
        }
        guard expected.now.timeIntervalSince1970 < expiry + expected.leeway else {
            throw .invalidIDToken("it expired at \(Date(timeIntervalSince1970: expiry)) ('exp')")
        }
        guard let issuedAt = Self.time(claims["iat"]) else {
            throw .invalidIDToken("it has no numeric issue time ('iat')")
        }
        guard issuedAt <= expected.now.timeIntervalSince1970 + expected.leeway else {
            throw .invalidIDToken("it was issued in the future, at \(Date(timeIntervalSince1970: issuedAt)) ('iat')")
        }
        if claims["nbf"] != nil {
            guard let notBefore = Self.time(claims["nbf"]) else { throw .invalidIDToken("its 'nbf' is not a number") }
            guard notBefore <= expected.now.timeIntervalSince1970 + expected.leeway else {
                throw .invalidIDToken("it is not valid before \(Date(timeIntervalSince1970: notBefore)) ('nbf')")
            }
        }
        guard let nonce = claims["nonce"] as? String else { throw .invalidIDToken("it has no nonce") }
        guard constantTimeEquals(Array(nonce.utf8), Array(expected.nonce.utf8)) else {
            throw .invalidIDToken("its nonce does not match the one this sign-in sent")
        }
        guard let subject = claims["sub"] as? String, !subject.isEmpty, subject.utf8.count <= 255 else {
            throw .invalidIDToken("its subject ('sub') is missing, empty or longer than 255 bytes")
        }
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiresAt = Date(timeIntervalSince1970: expiry)
        self.email = claims["email"] as? String
        switch claims["email_verified"] {
        case let flag as Bool: emailVerified = flag
        case let text as String: emailVerified = text == "true"
        case nil: emailVerified = nil
        default: emailVerified = false
        }
        self.preferredUsername = claims["preferred_username"] as? String
        self.name = claims["name"] as? String
    }

    /// Parses a compact JWS, checks its signature with `keySet`, then reads and checks its claims.
    /// - Throws: `AuthError` `.invalidIDToken` naming the check that failed.
    public static func verify(
        _ token: String, with keySet: OIDCKeySet, expecting expected: Expectation
    ) throws(AuthError) -> OIDCIDTokenClaims {
        let jws = try OIDCCompactJWS(token)
        try jws.verifySignature(with: keySet)
        return try OIDCIDTokenClaims(payload: jws.payload, expecting: expected)
    }

    /// A NumericDate (seconds since the epoch), finite.
    private static func time(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber else { return nil }
        let seconds = number.doubleValue
        return seconds.isFinite ? seconds : nil
    }
}
