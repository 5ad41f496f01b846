import Crypto
import Foundation

/// A provider's JSON Web Key Set (RFC 7517), reduced to the signature keys Swiftpod can check: RSA (for RS256)
/// and EC on P-256 (for ES256).
public struct OIDCKeySet: Sendable {
    /// One usable key.
    public struct Entry: Sendable {
        /// The key's `kid`, when it has one.
        public let keyID: String?
        /// The key's `alg`, when it names one: the only algorithm it may then be used with.
        public let algorithm: String?
        public let key: PublicKey

        public init(keyID: String?, algorithm: String?, key: PublicKey) {
            self.keyID = keyID
            self.algorithm = algorithm
            self.key = key
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads a JWKS document. Keys of other types, curves or uses, and keys whose numbers are malformed, are left
    /// out rather than failing the whole set, since providers publish keys for other clients too.
    /// - Throws: `AuthError` `.oidcProviderFailed` when the document is not a JSON object with a `keys` array.
    public static func parse(_ json: [UInt8]) throws(AuthError) -> OIDCKeySet {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
            let keys = object["keys"] as? [Any]
        else { throw .oidcProviderFailed("the provider's JWKS is not a JSON object with a 'keys' array") }
        let entries = keys.compactMap { value -> Entry? in
            guard let jwk = value as? [String: Any] else { return nil }
            if let use = jwk["use"] as? String, use != "sig" { return nil }
            let keyID = jwk["kid"] as? String
            let algorithm = jwk["alg"] as? String
            let number = { (name: String) in (jwk[name] as? String).flatMap { Base64URL.decode($0) } ?? [] }
            let key: PublicKey?
            switch jwk["kty"] as? String {
            case "RSA":
                key = try? PublicKey.rsa(modulus: number("n"), exponent: number("e"))
            case "EC" where jwk["crv"] as? String == "P-256":
                key = try? PublicKey.p256(x: Self.coordinate(number("x")), y: Self.coordinate(number("y")))
            default:
                key = nil
            }
            return key.map { Entry(keyID: keyID, algorithm: algorithm, key: $0) }
        }
        return OIDCKeySet(entries: entries)
    }

    /// A P-256 coordinate as the 32 bytes JOSE asks for: some providers drop its leading zero bytes (as a big-endian
    /// number would), which leaves a valid point that is refused only for its length. Longer input is left alone
    /// (and refused).
    static func coordinate(_ bytes: [UInt8]) -> [UInt8] {
        bytes.count < 32 ? [UInt8](repeating: 0, count: 32 - bytes.count) + bytes : bytes
    }

    /// The keys that may check a signature made with `algorithm` under `keyID`: those with that `kid` (all keys
    /// when the token names none), of the algorithm's key type, whose own `alg`, if any, is `algorithm`.
    func keys(for algorithm: OIDCSignatureAlgorithm, keyID: String?) -> [PublicKey] {
        entries.filter { entry in
            (keyID == nil || entry.keyID == keyID) && entry.key.kind == algorithm.keyKind
                && (entry.algorithm == nil || entry.algorithm == algorithm.rawValue)
        }.map(\.key)
    }

    /// Whether any key has the `kid` `keyID`.
    func contains(keyID: String) -> Bool {
        entries.contains { $0.keyID == keyID }
    }
}

/// The JWS algorithms accepted for ID tokens. `none` and the HMAC family are never accepted: an HMAC "signature"
/// keyed with a public key proves nothing.
public enum OIDCSignatureAlgorithm: String, Sendable, CaseIterable {
    case rs256 = "RS256"
    case es256 = "ES256"

    var keyKind: PublicKey.Kind {
        switch self {
        case .rs256: .rsa
        case .es256: .p256
        }
    }
}
