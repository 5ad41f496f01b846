import Crypto
import Foundation

@testable import Auth

/// Makes ID tokens for tests, signed by keys that libcrypto generates (RSA 2048 and P-256).
enum OIDCTokenSigner {
    static let rsaKey = SigningKey.generateRSA()
    static let otherRSAKey = SigningKey.generateRSA()
    static let ecKey = SigningKey.generateP256()

    static let issuer = "https://id.example.com"
    static let clientID = "swiftpod"
    static let nonce = "nonce-123"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Claims that pass every check at `now`.
    static func claims(_ changes: [String: Any] = [:], removing removed: [String] = []) -> [String: Any] {
        var claims: [String: Any] = [
            "iss": issuer, "aud": clientID, "sub": "user-1", "nonce": nonce,
            "iat": Int(now.timeIntervalSince1970) - 10, "exp": Int(now.timeIntervalSince1970) + 300,
            "email": "ada@example.com", "email_verified": true, "preferred_username": "ada",
        ]
        for (name, value) in changes { claims[name] = value }
        for name in removed { claims[name] = nil }
        return claims
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        // Sorted keys keep tokens stable; JSONSerialization only fails for values JSON cannot hold.
        (try? Array(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))) ?? []
    }

    /// A compact JWS of `claims` under `header`, signed by `key` (an empty signature when nil).
    static func token(header: [String: Any], claims: [String: Any], key: SigningKey?) -> String {
        let signingInput = Base64URL.encode(json(header)) + "." + Base64URL.encode(json(claims))
        return signingInput + "." + Base64URL.encode(key?.sign(Array(signingInput.utf8)) ?? [])
    }

    static func rs256(_ claims: [String: Any] = claims(), kid: String = "rsa-1", key: SigningKey = rsaKey) -> String {
        token(header: ["alg": "RS256", "kid": kid, "typ": "JWT"], claims: claims, key: key)
    }

    static func es256(_ claims: [String: Any] = claims(), kid: String = "ec-1") -> String {
        token(header: ["alg": "ES256", "kid": kid], claims: claims, key: ecKey)
    }

    /// The public half of `key` as a JWK.
    static func jwk(_ key: SigningKey, kid: String) -> [String: Any] {
        var jwk: [String: Any] = ["kid": kid, "use": "sig"]
        switch key.kind {
        case .rsa: jwk["kty"] = "RSA"
        case .p256:
            jwk["kty"] = "EC"
            jwk["crv"] = "P-256"
        }
        for (name, bytes) in key.publicNumbers { jwk[name] = Base64URL.encode(bytes) }
        return jwk
    }

    /// The provider's key set: `rsaKey` as "rsa-1" and `ecKey` as "ec-1", read through the JWKS parser.
    static func keySet() throws -> OIDCKeySet {
        try OIDCKeySet.parse(json(["keys": [jwk(rsaKey, kid: "rsa-1"), jwk(ecKey, kid: "ec-1")]]))
    }

    static func expectation(
        nonce: String = nonce, now: Date = now, leeway: TimeInterval = 60
    ) -> OIDCIDTokenClaims.Expectation {
        .init(issuer: issuer, clientID: clientID, nonce: nonce, now: now, leeway: leeway)
    }
}
