import CCrypto
import Glibc

/// A key that was refused: malformed, too weak, or not on its curve.
public struct CryptoKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the key.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A public key that checks SHA-256 signatures: RSA with PKCS #1 v1.5 padding (JOSE's RS256) or ECDSA on P-256
/// (JOSE's ES256), through libcrypto's EVP interface.
///
/// It owns an `EVP_PKEY`, which libcrypto never changes after it is built and lets many threads verify with at once
/// (each verification has its own digest context), so the class is `Sendable`.
public final class PublicKey: @unchecked Sendable {
    /// The kinds of key.
    public enum Kind: Sendable, Equatable {
        /// RSA, verifying PKCS #1 v1.5 signatures over SHA-256 (RS256).
        case rsa
        /// ECDSA on P-256, verifying signatures over SHA-256 given as raw `r || s`, 64 bytes (ES256).
        case p256
    }

    /// The smallest RSA modulus accepted, in bits.
    public static let minimumRSABits = 2048

    public let kind: Kind
    let key: OpaquePointer

    init(kind: Kind, key: OpaquePointer) {
        self.kind = kind
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// An RSA public key from its modulus and public exponent, as big-endian unsigned integers (a JWK's `n` and `e`).
    /// - Throws: `CryptoKeyError` when the numbers do not make a key, or the modulus is shorter than 2048 bits.
    public static func rsa(modulus: [UInt8], exponent: [UInt8]) throws(CryptoKeyError) -> PublicKey {
        guard !modulus.isEmpty, !exponent.isEmpty, exponent.count <= 8 else {
            throw CryptoKeyError("the RSA modulus or exponent is empty or too long")
        }
        let key = try fromData(algorithm: "RSA") { builder in
            builder.push(name: "n", bigEndian: modulus) && builder.push(name: "e", bigEndian: exponent)
        }
        let bits = Int(EVP_PKEY_get_bits(key))
        guard bits >= minimumRSABits else {
            EVP_PKEY_free(key)
            throw CryptoKeyError("the RSA key has \(bits) bits; at least \(minimumRSABits) are required")
        }
        return PublicKey(kind: .rsa, key: key)
    }

    /// A P-256 public key from the coordinates of its point, 32 big-endian bytes each (a JWK's `x` and `y`).
    /// - Throws: `CryptoKeyError` when a coordinate is not 32 bytes or the point is not on the curve.
    public static func p256(x: [UInt8], y: [UInt8]) throws(CryptoKeyError) -> PublicKey {
        guard x.count == 32, y.count == 32 else {
            throw CryptoKeyError("a P-256 coordinate must be 32 bytes, not \(x.count) and \(y.count)")
        }
        let point = [0x04] + x + y
        let key = try fromData(algorithm: "EC") { builder in
            builder.push(name: "group", utf8: "prime256v1") && builder.push(name: "pub", octets: point)
        }
        return PublicKey(kind: .p256, key: key)
    }

    /// Whether `signature` is a valid signature of `message` under this key, with SHA-256.
    ///
    /// For a P-256 key the signature is JOSE's raw `r || s` (64 bytes), not DER.
    public func isValidSignature(_ signature: [UInt8], for message: some Collection<UInt8>) -> Bool {
        let encoded: [UInt8]
        switch kind {
        case .rsa:
            encoded = signature
        case .p256:
            guard let der = ECDSASignature.der(fromRaw: signature, coordinateLength: 32) else { return false }
            encoded = der
        }
        guard let context = EVP_MD_CTX_new() else { libcryptoFailure("EVP_MD_CTX_new") }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
        let result = withContiguousBytes(message) { message in
            encoded.withUnsafeBufferPointer { signature in
                EVP_DigestVerify(
                    context, signature.baseAddress, signature.count, message.bindMemory(to: UInt8.self).baseAddress,
                    message.count)
            }
        }
        return result == 1
    }

    /// Builds an `EVP_PKEY` of `algorithm` from the parameters that `push` adds.
    private static func fromData(
        algorithm: String, push: (ParameterBuilder) -> Bool
    ) throws(CryptoKeyError) -> OpaquePointer {
        let builder = ParameterBuilder()
        defer { ERR_clear_error() }
        guard push(builder), let parameters = OSSL_PARAM_BLD_to_param(builder.builder) else {
            throw CryptoKeyError("the \(algorithm) key parameters could not be built")
        }
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
            libcryptoFailure("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &key, ccrypto_selection_public_key(), parameters) == 1, let key
        else { throw CryptoKeyError("libcrypto refused the \(algorithm) public key") }
        if algorithm == "EC" {
            // Importing checks the encoding; this checks that the point lies on the curve.
            guard let check = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
                libcryptoFailure("EVP_PKEY_CTX_new_from_pkey")
            }
            defer { EVP_PKEY_CTX_free(check) }
            guard EVP_PKEY_public_check(check) == 1 else {
                EVP_PKEY_free(key)
                throw CryptoKeyError("the EC public key is not a valid point on P-256")
            }
        }
        return key
    }
}

/// An `OSSL_PARAM_BLD` and copies of everything pushed into it: the builder keeps pointers to names, strings and
/// octets (not copies) until `OSSL_PARAM_BLD_to_param`, so they must outlive Swift's temporary C strings.
private final class ParameterBuilder {
    let builder: OpaquePointer
    private var allocations: [UnsafeMutableRawPointer] = []
    private var numbers: [OpaquePointer] = []

    init() {
        guard let builder = OSSL_PARAM_BLD_new() else { libcryptoFailure("OSSL_PARAM_BLD_new") }
        self.builder = builder
    }

    deinit {
        OSSL_PARAM_BLD_free(builder)
        for number in numbers { BN_free(number) }
        for allocation in allocations { free(allocation) }
    }

    private func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        guard let pointer = strdup(text) else { libcryptoFailure("strdup") }
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    func push(name: String, bigEndian bytes: [UInt8]) -> Bool {
        guard let number = bytes.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
            libcryptoFailure("BN_bin2bn")
        }
        numbers.append(number)
        return OSSL_PARAM_BLD_push_BN(builder, copy(name), number) == 1
    }

    func push(name: String, utf8 value: String) -> Bool {
        OSSL_PARAM_BLD_push_utf8_string(builder, copy(name), copy(value), 0) == 1
    }

    func push(name: String, octets: [UInt8]) -> Bool {
        guard let buffer = malloc(max(octets.count, 1)) else { libcryptoFailure("malloc") }
        allocations.append(buffer)
        for (offset, byte) in octets.enumerated() { buffer.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
        return OSSL_PARAM_BLD_push_octet_string(builder, copy(name), buffer, octets.count) == 1
    }
}
