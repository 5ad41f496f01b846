import CArchive
import Crypto
import Foundation
import Synchronization

/// Decompresses an archive file on a thread of its own into a socket, hashing the file as it reads it: the first
/// stage of a restore, as `zstd -d` is in a `zstd -d | tar -x` pipeline.
///
/// The reader of the other end sees the plain tar stream; `finish()` says whether the whole file had the expected
/// SHA-256. The file is read once, to its last byte, whatever happens downstream, so a corrupt archive is always
/// reported as corrupt rather than as whatever error its damage caused first.
final class ArchiveDecompressor: Sendable {
    /// How the decompression ended.
    struct Outcome: Sendable {
        /// The SHA-256 of the whole file, hexadecimal; nil when it could not be read to its end.
        var sha256: String?
        /// The first failure of reading the file or decompressing it; nil also when the reader stopped reading
        /// (it knows why).
        var failure: ContentError?
    }

    /// The end of the socket pair the extraction reads the tar stream from.
    let output: Int32
    private let input: Int32
    private let path: String
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Mutex(Outcome())

    /// Starts decompressing the file open as `fileDescriptor` (read from its current offset, which must be 0).
    /// - Parameter path: the archive's path, for messages.
    init(fileDescriptor: Int32, path: String) throws {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw ContentError.io("create the restore pipeline of \(path)", errno: errno)
        }
        output = pair[0]
        input = pair[1]
        self.path = path
        let thread = Thread { [self] in
            let result = Self.decompress(fileDescriptor: fileDescriptor, into: input, path: path)
            close(input)
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.name = "swiftpod-decompress"
        thread.start()
    }

    /// Closes the reading end (so a decompression still sending stops), waits for the thread, and returns how it
    /// ended. Call once, after reading what is needed from `output`.
    func finish() -> Outcome {
        close(output)
        done.wait()
        return outcome.withLock { $0 }
    }

    /// Reads `output` to its end and discards it: the tar padding after the archive's last entry.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            return
        }
    }

    // MARK: The thread

    private static func decompress(fileDescriptor: Int32, into socket: Int32, path: String) -> Outcome {
        let source = HashingSource(fileDescriptor: fileDescriptor)
        var failure: ContentError?
        do {
            try stream(source, into: socket, path: path)
        } catch is ReaderStopped {
            failure = nil
        } catch let error as ContentError {
            failure = error
        } catch {
            failure = ContentError(code: .io, message: "cannot decompress \(path): \(error)")
        }
        // The rest of the file, so that the checksum covers all of it (and names the real problem of a damaged one).
        guard source.readToEnd() else {
            return Outcome(sha256: nil, failure: failure ?? ContentError.io("read \(path)", errno: source.errorNumber))
        }
        return Outcome(sha256: source.hasher.finalize().hexString, failure: failure)
    }

    /// libarchive's "raw" format over the zstd (or no) filter: the decompressed bytes, sent on as they come.
    private static func stream(_ source: HashingSource, into socket: Int32, path: String) throws {
        guard let handle = archive_read_new() else {
            throw ContentError(code: .io, message: "cannot decompress \(path): out of memory")
        }
        defer { archive_read_free(handle) }
        func check(_ code: Int32, _ operation: String) throws {
            guard code == ARCHIVE_OK || code == ARCHIVE_WARN else {
                throw ContentError.archive(ArchiveError.last(on: handle, operation: operation), file: path)
            }
        }
        try check(archive_read_support_filter_zstd(handle), "enable zstd")
        try check(archive_read_support_filter_none(handle), "enable uncompressed input")
        try check(archive_read_support_format_raw(handle), "enable raw reading")
        let context = Unmanaged.passUnretained(source).toOpaque()
        try check(archive_read_open2(handle, context, nil, hashingReadCallback, nil, nil), "open the archive")
        var entry: OpaquePointer?
        try check(archive_read_next_header(handle, &entry), "read the archive")
        while true {
            var buffer: UnsafeRawPointer?
            var size = 0
            var offset: Int64 = 0
            let code = archive_read_data_block(handle, &buffer, &size, &offset)
            if code == ARCHIVE_EOF { return }
            try check(code, "decompress the archive")
            try send(UnsafeRawBufferPointer(start: buffer, count: size), to: socket, path: path)
        }
    }

    private static func send(_ bytes: UnsafeRawBufferPointer, to socket: Int32, path: String) throws {
        var sent = 0
        while sent < bytes.count {
            let count = swiftpod_send_nosignal(socket, bytes.baseAddress! + sent, bytes.count - sent)
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { throw ReaderStopped() }
                throw ContentError.io("pass on the content of \(path)", errno: errno)
            }
            sent += count
        }
    }

    /// The extraction stopped reading: it failed, and says why.
    private struct ReaderStopped: Error {}
}

/// The archive file as libarchive reads it, hashed on the way.
private final class HashingSource {
    let fileDescriptor: Int32
    let hasher = SHA256.Hasher()
    /// Where each read lands; libarchive reads from it until the next read.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    var errorNumber: Int32 = 0

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit {
        buffer.deallocate()
    }

    /// The next bytes of the file into `buffer`, hashed; 0 at its end, -1 on an error.
    func readNext() -> Int {
        while true {
            let count = read(fileDescriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { errorNumber = errno }
            if count > 0 { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
            return count
        }
    }

    /// Reads and hashes what libarchive left unread; false on a read error.
    func readToEnd() -> Bool {
        while true {
            let count = readNext()
            if count == 0 { return true }
            if count < 0 { return false }
        }
    }
}

private func hashingReadCallback(
    _ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
    _ output: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> Int {
    guard let context, let output else { return -1 }
    let source = Unmanaged<HashingSource>.fromOpaque(context).takeUnretainedValue()
    let count = source.readNext()
    output.pointee = UnsafeRawPointer(source.buffer.baseAddress)
    return count
}
