import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// A password read from standard input (`--password-stdin`), as `docker login` reads one.
enum PasswordInput {
    /// The most bytes read; a longer input is refused rather than truncated.
    static let maximumBytes = 4096

    /// Reads `descriptor` to its end on a thread of its own, and returns the password in it.
    /// - Throws: `AdminError` when the input cannot be read, is too long, is not UTF-8 or is empty.
    static func read(from descriptor: Int32 = STDIN_FILENO) async throws -> String {
        let bytes = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try readAll(descriptor) })
            }
        }
        return try password(from: bytes)
    }

    /// The password in the bytes of standard input: one trailing newline (`\n` or `\r\n`) is not part of it.
    static func password(from bytes: [UInt8]) throws -> String {
        var bytes = bytes[...]
        if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        guard !bytes.isEmpty else { throw AdminError("no password on standard input") }
        guard let password = String(validating: bytes, as: UTF8.self) else {
            throw AdminError("the password on standard input is not valid UTF-8")
        }
        return password
    }

    private static func readAll(_ descriptor: Int32) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw AdminError("cannot read the password from standard input: \(String(cString: strerror(errno)))")
            }
            bytes += buffer[..<count]
            guard bytes.count <= maximumBytes else {
                throw AdminError("the input on standard input is longer than \(maximumBytes) bytes")
            }
        }
    }
}
