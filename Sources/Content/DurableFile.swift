import Crypto
import Foundation

/// File system steps that make writes survive a crash: whole writes, `fsync` of files and of directories, atomic
/// replacement by rename.
public enum DurableFile {
    /// The suffix of every temporary file and directory that backups and restores create. Anything carrying it is
    /// left over from an operation that did not finish, and may be removed.
    static let temporarySuffix = ".swiftpod-partial"

    /// A temporary path beside `path`, unique to this call.
    static func temporaryPath(for path: String) -> String {
        "\(path).\(UUID().uuidString.prefix(8).lowercased())\(temporarySuffix)"
    }

    /// Writes all of `bytes` to `fileDescriptor`; `path` names the file in errors.
    static func writeAll(_ fileDescriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ContentError.io("write \(path)", errno: errno)
            }
            offset += written
        }
    }

    /// Flushes the directory at `path`, so that renames and removals in it survive a crash.
    static func syncDirectory(_ path: String) throws {
        let fileDescriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fileDescriptor >= 0 else { throw ContentError.io("open directory \(path)", errno: errno) }
        defer { close(fileDescriptor) }
        guard fsync(fileDescriptor) == 0 else { throw ContentError.io("flush directory \(path)", errno: errno) }
    }

    /// Removes the file at `path` (nothing when it is not there) and flushes its directory, so that the removal
    /// survives a crash.
    /// - Throws: `ContentError` naming the step and the path that failed.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw ContentError.io("remove \(path)", errno: errno) }
        try syncDirectory(parentDirectory(of: path))
    }

    /// Writes `bytes` to `path` atomically: a temporary file beside it, flushed, renamed over it, and the directory
    /// flushed. A crash leaves either the old file or the new one, and at worst a temporary file.
    /// - Parameter mode: the new file's permissions, whatever the umask.
    /// - Throws: `ContentError` naming the step and the path that failed.
    public static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o600) throws {
        try replace(path, mode: mode) { fileDescriptor, temporary in
            try bytes.withUnsafeBytes { try writeAll(fileDescriptor, $0, path: temporary) }
        }
    }

    /// Replaces `path` atomically with what `write` writes to a new temporary file beside it (given its descriptor
    /// and path): the file is flushed, renamed over `path`, and the directory flushed. When `write` throws, the
    /// temporary file is removed and `path` is untouched.
    static func replace<Result>(
        _ path: String, mode: mode_t = 0o600, write: (Int32, String) throws -> Result
    ) throws -> Result {
        let temporary = temporaryPath(for: path)
        let fileDescriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fileDescriptor >= 0 else { throw ContentError.io("create \(temporary)", errno: errno) }
        let result: Result
        do {
            guard mode == 0o600 || fchmod(fileDescriptor, mode) == 0 else {
                throw ContentError.io("set the permissions of \(temporary)", errno: errno)
            }
            result = try write(fileDescriptor, temporary)
            guard fsync(fileDescriptor) == 0 else { throw ContentError.io("flush \(temporary)", errno: errno) }
        } catch {
            close(fileDescriptor)
            unlink(temporary)
            throw error
        }
        close(fileDescriptor)
        guard rename(temporary, path) == 0 else {
            let failure = ContentError.io("rename \(temporary) to \(path)", errno: errno)
            unlink(temporary)
            throw failure
        }
        try syncDirectory(parentDirectory(of: path))
        return result
    }

    /// The directory that holds `path`.
    static func parentDirectory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// The SHA-256 of the file open at `fileDescriptor`, read from its start; `path` names it in errors.
    static func sha256(of fileDescriptor: Int32, path: String) throws -> String {
        let hasher = SHA256.Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fileDescriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ContentError.io("read \(path)", errno: errno)
            }
            if count == 0 { break }
            hasher.update(buffer[0..<count])
            offset += off_t(count)
        }
        return hasher.finalize().hexString
    }
}
