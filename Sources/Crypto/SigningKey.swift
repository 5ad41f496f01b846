import CCrypto

/// A private key that makes SHA-256 signatures: RSA with PKCS #1 v1.5 padding (RS256) or ECDSA on P-256 (ES256).
///
/// Generated fresh by libcrypto; it signs test tokens and can publish its public half as JWK numbers. Like
/// `PublicKey` it owns an `EVP_PKEY` that never changes after generation, so it is `Sendable`.
public final class SigningKey: @unchecked Sendable {
    public let kind: PublicKey.Kind
    private let key: OpaquePointer

    private init(kind: PublicKey.Kind, key: OpaquePointer) {
        self.kind = kind
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// A new RSA key with a modulus of `bits` bits (2048 or more).
    public static func generateRSA(bits: Int = 2048) -> SigningKey {
        precondition(bits >= PublicKey.minimumRSABits, "RSA keys have at least \(PublicKey.minimumRSABits) bits")
        return SigningKey(
            kind: .rsa, key: generate(algorithm: "RSA") { EVP_PKEY_CTX_set_rsa_keygen_bits($0, Int32(bits)) == 1 })
    }

    /// A new ECDSA key on P-256.
    public static func generateP256() -> SigningKey {
        SigningKey(kind: .p256, key: generate(algorithm: "EC") { EVP_PKEY_CTX_set_group_name($0, "P-256") == 1 })
    }

    /// The public numbers as JWK members: `n` and `e` for RSA, `x` and `y` for P-256, as big-endian bytes.
    public var publicNumbers: [String: [UInt8]] {
        switch kind {
        case .rsa:
            return ["n": bigNumber("n"), "e": bigNumber("e")]
        case .p256:
            var point = [UInt8](repeating: 0, count: 65)
            var written = 0
            guard EVP_PKEY_get_octet_string_param(key, "pub", &point, point.count, &written) == 1, written == 65,
                point[0] == 0x04
            else { libcryptoFailure("EVP_PKEY_get_octet_string_param") }
            return ["x": Array(point[1...32]), "y": Array(point[33...64])]
        }
    }

    /// The public half, as a key that verifies.
    public var publicKey: PublicKey {
        get throws(CryptoKeyError) {
            let numbers = publicNumbers
            switch kind {
            case .rsa: return try PublicKey.rsa(modulus: numbers["n"] ?? [], exponent: numbers["e"] ?? [])
            case .p256: return try PublicKey.p256(x: numbers["x"] ?? [], y: numbers["y"] ?? [])
            }
        }
    }

    /// The signature of `message` with SHA-256: PKCS #1 v1.5 for RSA, raw `r || s` (64 bytes) for P-256.
    public func sign(_ message: some Collection<UInt8>) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { libcryptoFailure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            libcryptoFailure("EVP_DigestSignInit")
        }
        let signature = withContiguousBytes(message) { message -> [UInt8]? in
            let input = message.bindMemory(to: UInt8.self).baseAddress
            var length = 0
            guard EVP_DigestSign(context, nil, &length, input, message.count) == 1 else { return nil }
            var output = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &output, &length, input, message.count) == 1 else { return nil }
            return Array(output[..<length])
        }
        guard let signature else { libcryptoFailure("EVP_DigestSign") }
        switch kind {
        case .rsa:
            return signature
        case .p256:
            guard let raw = ECDSASignature.raw(fromDER: signature, coordinateLength: 32) else {
                libcryptoFailure("EVP_DigestSign (ECDSA signature encoding)")
            }
            return raw
        }
    }

    private func bigNumber(_ name: String) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else {
            libcryptoFailure("EVP_PKEY_get_bn_param")
        }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: (Int(BN_num_bits(number)) + 7) / 8)
        _ = BN_bn2bin(number, &bytes)
        return bytes
    }

    private static func generate(algorithm: String, configure: (OpaquePointer) -> Bool) -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
            libcryptoFailure("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, configure(context), EVP_PKEY_generate(context, &key) == 1, let key
        else { libcryptoFailure("EVP_PKEY_generate (\(algorithm))") }
        return key
    }
}
