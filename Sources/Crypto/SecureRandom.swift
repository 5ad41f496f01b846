import CCrypto

/// Cryptographically secure random bytes from libcrypto's generator, for keys, tokens and nonces.
public enum SecureRandom {
    /// Returns `count` random bytes.
    ///
    /// The generator is seeded from the kernel and does not fail on Linux in practice. If it ever does, the process
    /// stops with a message rather than hand out predictable bytes: no caller could do anything better, and a
    /// throwing signature would put a never-taken error path into every caller (Go's `crypto/rand` made the same
    /// choice).
    /// - Parameter count: how many bytes; 0 gives an empty array.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes(count:) needs 0...Int32.max bytes")
        guard count > 0 else { return [] }
        var output = [UInt8](repeating: 0, count: count)
        let succeeded = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) == 1 }
        guard succeeded else { libcryptoFailure("RAND_bytes") }
        return output
    }
}
