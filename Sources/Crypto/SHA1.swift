import CCrypto

/// SHA-1 (FIPS 180-4). Broken for collision resistance: use it only where a protocol demands it, as the WebSocket
/// handshake does.
public enum SHA1 {
    /// The size of a digest in bytes.
    public static let digestLength = 20

    /// The SHA-1 digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        digest(bytes, algorithm: EVP_sha1(), length: digestLength)
    }
}
