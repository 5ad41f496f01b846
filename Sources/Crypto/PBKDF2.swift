import CCrypto

/// Password-based key derivation (PBKDF2, RFC 8018 §5.2) with HMAC-SHA-256 as its pseudorandom function.
public enum PBKDF2 {
    /// The most iterations `sha256` accepts; libcrypto takes an `Int32`.
    public static let maximumIterations = Int(Int32.max)

    /// Derives `length` bytes from `password` and `salt` with `iterations` rounds of HMAC-SHA-256.
    ///
    /// It takes time in proportion to `iterations` on the calling thread (about half a second for 600 000 on a
    /// slow core): call it from a thread of its own, never from Swift's concurrency pool.
    /// - Parameters:
    ///   - password: the secret, any bytes (usually UTF-8 text).
    ///   - salt: a per-password random value, at least 16 bytes in new hashes.
    ///   - iterations: 1 through `maximumIterations`.
    ///   - length: how many bytes to derive, 1 through `Int32.max`.
    public static func sha256(
        password: some Collection<UInt8>, salt: some Collection<UInt8>, iterations: Int, length: Int
    ) -> [UInt8] {
        precondition(iterations >= 1 && iterations <= maximumIterations, "PBKDF2 needs 1...Int32.max iterations")
        precondition(length >= 1 && length <= Int(Int32.max), "PBKDF2 derives 1...Int32.max bytes")
        var output = [UInt8](repeating: 0, count: length)
        let succeeded = withContiguousBytes(password) { password in
            withContiguousBytes(salt) { salt in
                output.withUnsafeMutableBufferPointer { out in
                    PKCS5_PBKDF2_HMAC(
                        password.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(password.count),
                        salt.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(salt.count), Int32(iterations),
                        EVP_sha256(), Int32(length), out.baseAddress) == 1
                }
            }
        }
        guard succeeded else { libcryptoFailure("PKCS5_PBKDF2_HMAC") }
        return output
    }
}
