import CCrypto

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    /// The size of a digest in bytes.
    public static let digestLength = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        digest(bytes, algorithm: EVP_sha256(), length: digestLength)
    }

    /// Computes a SHA-256 digest of data that arrives in pieces, such as a file read in chunks.
    ///
    /// It owns a libcrypto digest context, so it is a class, and it is not `Sendable`: use it from one task.
    public final class Hasher {
        private let context: OpaquePointer

        /// Creates a hasher for a new, empty message.
        public init() {
            guard let context = EVP_MD_CTX_new() else { libcryptoFailure("EVP_MD_CTX_new") }
            self.context = context
            start()
        }

        deinit {
            EVP_MD_CTX_free(context)
        }

        /// Adds `bytes` to the message.
        public func update(_ bytes: some Collection<UInt8>) {
            let succeeded = withContiguousBytes(bytes) { input in
                EVP_DigestUpdate(context, input.baseAddress, input.count) == 1
            }
            guard succeeded else { libcryptoFailure("EVP_DigestUpdate") }
        }

        /// Returns the digest of everything added so far and starts over with an empty message.
        public func finalize() -> [UInt8] {
            var output = [UInt8](repeating: 0, count: SHA256.digestLength)
            var written: UInt32 = 0
            let succeeded = output.withUnsafeMutableBufferPointer { out in
                EVP_DigestFinal_ex(context, out.baseAddress, &written) == 1
            }
            guard succeeded, written == SHA256.digestLength else { libcryptoFailure("EVP_DigestFinal_ex") }
            start()
            return output
        }

        private func start() {
            guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { libcryptoFailure("EVP_DigestInit_ex") }
        }
    }
}

@available(*, unavailable, message: "a hasher owns a libcrypto context; use it from one task")
extension SHA256.Hasher: Sendable {}
