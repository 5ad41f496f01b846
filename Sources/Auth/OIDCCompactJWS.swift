import Crypto
import Foundation

/// A JWS in compact serialization (RFC 7515 §7.1): `header.payload.signature`, each part strict base64url.
///
/// Parsing checks the form and the algorithm only; `verifySignature(with:)` checks the signature.
public struct OIDCCompactJWS: Sendable {
    /// The longest token accepted, in bytes.
    public static let maximumLength = 64 * 1024

    public let algorithm: OIDCSignatureAlgorithm
    /// The header's `kid`, when it has one.
    public let keyID: String?
    /// The decoded payload: for an ID token, a JSON object of claims.
    public let payload: [UInt8]
    /// What the signature covers: the first two parts as they were sent.
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// Parses a compact JWS.
    /// - Throws: `AuthError` `.invalidIDToken` naming what is malformed, or an algorithm other than RS256 or ES256.
    public init(_ token: String) throws(AuthError) {
        guard token.utf8.count <= Self.maximumLength else {
            throw .invalidIDToken("it is longer than \(Self.maximumLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .invalidIDToken("it is not a compact JWS of three dot-separated parts (found \(parts.count))")
        }
        // The header first, so that a refused algorithm is named as such whatever the other parts hold.
        guard let headerBytes = Base64URL.decode(parts[0]),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any]
        else { throw .invalidIDToken("its header is not a base64url-encoded JSON object") }
        guard let name = header["alg"] as? String else { throw .invalidIDToken("its header has no 'alg'") }
        guard let algorithm = OIDCSignatureAlgorithm(rawValue: name) else {
            throw .invalidIDToken("the algorithm '\(name)' is not accepted; only RS256 and ES256 are")
        }
        if header["crit"] != nil { throw .invalidIDToken("its header has critical extensions ('crit')") }
        if let keyID = header["kid"], !(keyID is String) { throw .invalidIDToken("its header's 'kid' is not a string") }
        guard let payload = Base64URL.decode(parts[1]), !payload.isEmpty else {
            throw .invalidIDToken("its payload is not valid unpadded base64url")
        }
        guard let signature = Base64URL.decode(parts[2]), !signature.isEmpty else {
            throw .invalidIDToken("its signature is empty or not valid unpadded base64url")
        }
        self.algorithm = algorithm
        self.keyID = header["kid"] as? String
        self.payload = payload
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }

    /// Checks the signature with the keys of `keySet` that fit the token's algorithm and `kid`.
    /// - Throws: `AuthError` `.invalidIDToken` when no key fits or no fitting key verifies the signature.
    public func verifySignature(with keySet: OIDCKeySet) throws(AuthError) {
        let keys = keySet.keys(for: algorithm, keyID: keyID)
        guard !keys.isEmpty else {
            let which = keyID.map { "key '\($0)'" } ?? "key"
            throw .invalidIDToken("the provider publishes no \(algorithm.rawValue) \(which)")
        }
        guard keys.contains(where: { $0.isValidSignature(signature, for: signingInput) }) else {
            throw .invalidIDToken("the \(algorithm.rawValue) signature does not verify")
        }
    }
}
