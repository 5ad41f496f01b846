import CSystem
import Foundation
import HTTP
import HTTPServer

// What the browser IDE does with files: list a directory, read and write a file (replacing it whole, atomically,
// and only if it has not changed on disk since the IDE read it), make a directory, rename and delete.

extension WorkspaceFiles {
    /// One entry of a directory listing.
    public struct Entry: Encodable, Sendable, Equatable {
        public var name: String
        /// `file`, `directory`, `symlink` or `other`.
        public var type: String
        public var size: Int64
        /// ISO 8601.
        public var modified: String
    }

    /// A directory's entries: directories first, then by name.
    public struct Listing: Encodable, Sendable {
        public var path: String
        public var entries: [Entry]
        /// Present, and true, when the directory has more than `maxListEntries` entries.
        public var truncated: Bool?
    }

    /// A file's bytes and their version.
    public struct Content: Sendable {
        public var bytes: [UInt8]
        public var version: String
    }

    /// What a write insists on.
    public enum WritePrecondition: Sendable, Equatable {
        /// Create or replace.
        case none
        /// Replace only the file at this version (`If-Match`).
        case version(String)
        /// Create only (`If-None-Match: *`).
        case absent
    }

    /// The outcome of a write.
    public struct WriteResult: Sendable {
        public var version: String
        public var size: Int
        /// Whether the file was new.
        public var created: Bool
    }

    /// The version of a file's content: a 64-bit FNV-1a hash of its bytes and their count, in hex. It changes
    /// whenever the bytes do, and stays when a file is saved again unchanged.
    public static func version(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "-" + String(bytes.count, radix: 16)
    }

    // MARK: Reading

    /// Lists the directory at `path`.
    public func list(_ path: WorkspacePath) throws -> Listing {
        try asUser {
            let location = try resolve(path, followLast: true)
            defer { location.close() }
            guard location.exists else { throw Self.error(ENOENT, doing: "listing", path: path) }
            let descriptor = openat(
                location.directory, location.name ?? ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOTDIR {
                    throw HTTPError(.badRequest, code: "not_a_directory", message: "'\(path)' is not a directory")
                }
                throw Self.error(errno, doing: "listing", path: path)
            }
            defer { Glibc.close(descriptor) }
            var entries: [Entry] = []
            for name in try Self.names(in: descriptor, path: path) {
                var status = stat()
                guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let type: String =
                    switch status.st_mode & S_IFMT {
                    case S_IFREG: "file"
                    case S_IFDIR: "directory"
                    case S_IFLNK: "symlink"
                    default: "other"
                    }
                let modified = Date(
                    timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
                entries.append(
                    Entry(name: name, type: type, size: Int64(status.st_size), modified: modified.formatted(.iso8601)))
            }
            entries.sort { left, right in
                let leftIsDirectory = left.type == "directory"
                let rightIsDirectory = right.type == "directory"
                if leftIsDirectory != rightIsDirectory { return leftIsDirectory }
                return left.name < right.name
            }
            let truncated = entries.count > Self.maxListEntries
            if truncated { entries.removeSubrange(Self.maxListEntries...) }
            return Listing(path: path.description, entries: entries, truncated: truncated ? true : nil)
        }
    }

    /// Reads the file at `path`.
    /// - Throws: `HTTPError` 404 when it does not exist, 400 for a directory or a special file, 413 above
    ///   `maxFileBytes`.
    public func read(_ path: WorkspacePath) throws -> Content {
        try asUser {
            let location = try resolve(path, followLast: true)
            defer { location.close() }
            guard location.exists else { throw Self.error(ENOENT, doing: "reading", path: path) }
            guard let name = location.name else { throw Self.error(EISDIR, doing: "reading", path: path) }
            let bytes = try Self.readFile(location.directory, name, path: path)
            return Content(bytes: bytes, version: Self.version(of: bytes))
        }
    }

    /// The bytes of regular file `name` in `directory`.
    static func readFile(_ directory: Int32, _ name: String, path: WorkspacePath) throws -> [UInt8] {
        // Not blocking, so that a FIFO does not hang the request before it is found not to be a file.
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(errno, doing: "reading", path: path) }
        defer { Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw error(errno, doing: "reading", path: path) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw error(EISDIR, doing: "reading", path: path)
        default:
            throw HTTPError(.badRequest, code: "not_a_file", message: "'\(path)' is not a regular file")
        }
        guard status.st_size <= maxFileBytes else { throw tooLarge(path, size: Int(status.st_size)) }
        var bytes = [UInt8](repeating: 0, count: maxFileBytes + 1)
        var count = 0
        while count < bytes.count {
            let read = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { throw error(errno, doing: "reading", path: path) }
            if read == 0 { break }
            count += read
        }
        guard count <= maxFileBytes else { throw tooLarge(path, size: count) }
        bytes.removeSubrange(count...)
        return bytes
    }

    static func tooLarge(_ path: WorkspacePath, size: Int) -> HTTPError {
        HTTPError(
            .contentTooLarge,
            message:
                "'\(path)' has \(size) bytes; the IDE opens and saves files of up to \(maxFileBytes >> 20) MiB")
    }

    /// The names in the directory open as `descriptor`, without `.` and `..`.
    private static func names(in descriptor: Int32, path: WorkspacePath) throws -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            throw error(errno, doing: "listing", path: path)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: Changing

    /// Replaces the file at `path` with `bytes`: written beside it, flushed to disk and renamed over it, with the
    /// old file's permissions (0644 for a new file).
    /// - Throws: `HTTPError` 412 `conflict` when `precondition` does not hold, 404 when its directory is missing, 400
    ///   for a directory or a special file, 413 above `maxFileBytes`.
    public func write(_ path: WorkspacePath, bytes: [UInt8], precondition: WritePrecondition) throws -> WriteResult {
        guard bytes.count <= Self.maxFileBytes else { throw Self.tooLarge(path, size: bytes.count) }
        guard !path.isRoot else { throw Self.error(EISDIR, doing: "writing", path: path) }
        return try writeLock.withLock { _ in
            try asUser {
                let location = try resolve(path, followLast: true)
                defer { location.close() }
                guard let name = location.name else { throw Self.error(EISDIR, doing: "writing", path: path) }
                var mode: mode_t = 0o644
                if location.exists {
                    var status = stat()
                    guard fstatat(location.directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
                        throw Self.error(errno, doing: "writing", path: path)
                    }
                    guard status.st_mode & S_IFMT != S_IFDIR else {
                        throw Self.error(EISDIR, doing: "writing", path: path)
                    }
                    guard status.st_mode & S_IFMT == S_IFREG else {
                        throw HTTPError(.badRequest, code: "not_a_file", message: "'\(path)' is not a regular file")
                    }
                    mode = status.st_mode & 0o7777
                }
                switch precondition {
                case .none: break
                case .absent:
                    if location.exists {
                        throw Self.conflict("'\(path)' already exists; it was created on disk after the IDE looked")
                    }
                case .version(let expected):
                    guard location.exists else {
                        throw Self.conflict("'\(path)' was deleted on disk since it was opened")
                    }
                    let current = Self.version(of: try Self.readFile(location.directory, name, path: path))
                    guard current == expected else {
                        throw Self.conflict(
                            "'\(path)' changed on disk since it was opened: reload it, or save again without the "
                                + "version to overwrite it")
                    }
                }
                try Self.replace(
                    name, in: location.directory, with: bytes, mode: mode, noReplace: precondition == .absent,
                    path: path)
                return WriteResult(version: Self.version(of: bytes), size: bytes.count, created: !location.exists)
            }
        }
    }

    static func conflict(_ message: String) -> HTTPError {
        HTTPError(HTTPStatus(code: 412, reasonPhrase: "Precondition Failed"), code: "conflict", message: message)
    }

    /// Writes a temporary file in `directory`, flushes it, and renames it to `name`.
    private static func replace(
        _ name: String, in directory: Int32, with bytes: [UInt8], mode: mode_t, noReplace: Bool, path: WorkspacePath
    ) throws {
        let temporary = ".swiftpod-save-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let descriptor = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw error(errno, doing: "writing", path: path) }
        var written = false
        defer { if !written { unlinkat(directory, temporary, 0) } }
        do {
            defer { Glibc.close(descriptor) }
            var offset = 0
            while offset < bytes.count {
                let count = bytes.withUnsafeBytes { buffer in
                    Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw error(errno, doing: "writing", path: path) }
                offset += count
            }
            guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
                throw error(errno, doing: "writing", path: path)
            }
        }
        let renamed =
            noReplace
            ? csystem_rename_no_replace(directory, temporary, directory, name)
            : renameat(directory, temporary, directory, name)
        guard renamed == 0 else {
            if errno == EEXIST {
                throw conflict("'\(path)' already exists; it was created on disk after the IDE looked")
            }
            throw error(errno, doing: "writing", path: path)
        }
        written = true
        syncDirectory(directory)
    }

    private static func syncDirectory(_ directory: Int32) {
        let descriptor = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            Glibc.close(descriptor)
        }
    }

    /// Makes the directory `path`.
    /// - Throws: `HTTPError` 409 when something exists there, 404 when its parent is missing.
    public func makeDirectory(_ path: WorkspacePath) throws {
        guard !path.isRoot else { throw Self.error(EEXIST, doing: "making", path: path) }
        try asUser {
            let location = try resolve(path, followLast: false)
            defer { location.close() }
            guard let name = location.name, !location.exists else {
                throw Self.error(EEXIST, doing: "making", path: path)
            }
            guard mkdirat(location.directory, name, 0o755) == 0 else {
                throw Self.error(errno, doing: "making", path: path)
            }
        }
    }

    /// Renames `source` to `destination`; a symlink is renamed itself.
    /// - Throws: `HTTPError` 404 when `source` is missing, 409 when `destination` exists, 400 for the root or a
    ///   move into itself.
    public func rename(_ source: WorkspacePath, to destination: WorkspacePath) throws {
        guard !source.isRoot, !destination.isRoot else {
            throw HTTPError(.badRequest, code: "invalid_path", message: "the workspace's root cannot be renamed")
        }
        guard !destination.isWithin(source) else {
            throw HTTPError(
                .badRequest, code: "invalid_path", message: "'\(source)' cannot be moved into itself ('\(destination)')"
            )
        }
        try writeLock.withLock { _ in
            try asUser {
                let from = try resolve(source, followLast: false)
                defer { from.close() }
                let to = try resolve(destination, followLast: false)
                defer { to.close() }
                guard let fromName = from.name, from.exists else {
                    throw Self.error(ENOENT, doing: "renaming", path: source)
                }
                guard let toName = to.name, !to.exists else {
                    throw Self.error(EEXIST, doing: "renaming", path: destination)
                }
                guard csystem_rename_no_replace(from.directory, fromName, to.directory, toName) == 0 else {
                    let number = errno
                    if number == EEXIST { throw Self.error(EEXIST, doing: "renaming", path: destination) }
                    throw Self.error(number, doing: "renaming", path: source)
                }
            }
        }
    }

    /// Deletes the file, symlink or directory (with everything in it) at `path`.
    /// - Throws: `HTTPError` 400 for the root, 404 when nothing is there.
    public func delete(_ path: WorkspacePath) throws {
        guard !path.isRoot else {
            throw HTTPError(.badRequest, code: "invalid_path", message: "the workspace's root cannot be deleted")
        }
        try writeLock.withLock { _ in
            try asUser {
                let location = try resolve(path, followLast: false)
                defer { location.close() }
                guard let name = location.name, location.exists else {
                    throw Self.error(ENOENT, doing: "deleting", path: path)
                }
                try Self.remove(name, in: location.directory, path: path)
            }
        }
    }

    /// Removes `name` from `directory`, and first everything in it when it is a directory; links are not followed.
    private static func remove(_ name: String, in directory: Int32, path: WorkspacePath) throws {
        var status = stat()
        guard fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw error(errno, doing: "deleting", path: path)
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            guard unlinkat(directory, name, 0) == 0 else { throw error(errno, doing: "deleting", path: path) }
            return
        }
        let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else { throw error(errno, doing: "deleting", path: path) }
        do {
            defer { Glibc.close(child) }
            for entry in try names(in: child, path: path) {
                try remove(entry, in: child, path: path)
            }
        }
        guard unlinkat(directory, name, AT_REMOVEDIR) == 0 else { throw error(errno, doing: "deleting", path: path) }
    }
}
