import CCrypto

/// Keyed-hash message authentication codes (RFC 2104).
public enum HMAC {
    /// HMAC-SHA-256 of `message` under `key` (32 bytes).
    public static func sha256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: SHA256.digestLength)
        var written: UInt32 = 0
        let result = withContiguousBytes(key) { key in
            withContiguousBytes(message) { message in
                output.withUnsafeMutableBufferPointer { out in
                    CCrypto.HMAC(
                        EVP_sha256(), key.baseAddress, Int32(key.count), message.baseAddress, message.count,
                        out.baseAddress, &written)
                }
            }
        }
        guard result != nil, written == SHA256.digestLength else { libcryptoFailure("HMAC") }
        return output
    }
}
