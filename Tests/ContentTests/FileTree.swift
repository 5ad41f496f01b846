import Crypto
import Foundation

/// Builds and inspects directory trees by raw path bytes, so names that are not UTF-8 work.
enum FileTree {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What a round trip must keep of one entry.
    struct Metadata: Equatable, CustomStringConvertible {
        var mode: UInt32
        var uid: UInt32
        var gid: UInt32
        var modificationTime: Int
        var modificationNanoseconds: Int
        var symlinkTarget: [UInt8]?
        var size: Int64
        var sha256: String?
        /// The first path (in sorted order) with the same inode, for files with more than one link.
        var hardlinkGroup: [UInt8]?

        var description: String {
            "mode \(String(mode, radix: 8)) owner \(uid):\(gid) mtime \(modificationTime).\(modificationNanoseconds) "
                + "size \(size) link \(symlinkTarget.map { String(decoding: $0, as: UTF8.self) } ?? "-") "
                + "hardlink \(hardlinkGroup.map { String(decoding: $0, as: UTF8.self) } ?? "-")"
        }
    }

    static func path(_ root: String, _ relative: [UInt8]) -> [UInt8] {
        Array(root.utf8) + [UInt8(ascii: "/")] + relative
    }

    static func withPath<Result>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try (path + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    static func check(_ result: Int32, _ what: String) throws {
        guard result == 0 else { throw Failure(description: "\(what): \(String(cString: strerror(errno)))") }
    }

    /// Creates a file with `content` and `mode`.
    static func writeFile(_ path: [UInt8], _ content: [UInt8], mode: mode_t = 0o644) throws {
        let fileDescriptor = withPath(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        guard fileDescriptor >= 0 else { throw Failure(description: "create \(String(decoding: path, as: UTF8.self))") }
        defer { close(fileDescriptor) }
        let written = content.withUnsafeBytes { write(fileDescriptor, $0.baseAddress, $0.count) }
        guard written == content.count else { throw Failure(description: "write") }
        try check(fchmod(fileDescriptor, mode), "chmod")
    }

    static func makeDirectory(_ path: [UInt8], mode: mode_t = 0o755) throws {
        try check(withPath(path) { mkdir($0, mode) }, "mkdir \(String(decoding: path, as: UTF8.self))")
        try check(withPath(path) { chmod($0, mode) }, "chmod")
    }

    static func symlink(_ path: [UInt8], to target: String) throws {
        try check(withPath(path) { Glibc.symlink(target, $0) }, "symlink")
    }

    static func owner(_ path: [UInt8], uid: UInt32, gid: UInt32) throws {
        try check(withPath(path) { lchown($0, uid, gid) }, "lchown")
    }

    static func setTime(_ path: [UInt8], seconds: Int, nanoseconds: Int) throws {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
        try check(withPath(path) { utimensat(AT_FDCWD, $0, &times, AT_SYMLINK_NOFOLLOW) }, "utimensat")
    }

    /// Every entry under `root` (the root itself as "."), by path relative to it.
    static func snapshot(_ root: String) throws -> [[UInt8]: Metadata] {
        var result: [[UInt8]: Metadata] = [:]
        var inodes: [UInt64: [[UInt8]]] = [:]
        var pending: [[UInt8]] = [[]]
        var statuses: [[UInt8]: stat] = [:]
        while let relative = pending.popLast() {
            let full = relative.isEmpty ? Array(root.utf8) : path(root, relative)
            var status = stat()
            try check(withPath(full) { lstat($0, &status) }, "lstat")
            let key = relative.isEmpty ? Array(".".utf8) : relative
            statuses[key] = status
            if status.st_mode & S_IFMT == S_IFDIR {
                guard let directory = withPath(full, { opendir($0) }) else { throw Failure(description: "opendir") }
                defer { closedir(directory) }
                while let item = readdir(directory) {
                    let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                        Array(raw.prefix(while: { $0 != 0 }))
                    }
                    if name == [46] || name == [46, 46] { continue }
                    pending.append(relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name)
                }
            }
            if status.st_mode & S_IFMT == S_IFREG && status.st_nlink > 1 {
                inodes[UInt64(status.st_ino), default: []].append(key)
            }
        }
        for (key, status) in statuses {
            let full = key == Array(".".utf8) ? Array(root.utf8) : path(root, key)
            var target: [UInt8]?
            var digest: String?
            if status.st_mode & S_IFMT == S_IFLNK {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = withPath(full) { pathPointer in
                    buffer.withUnsafeMutableBytes {
                        readlink(pathPointer, $0.baseAddress!.assumingMemoryBound(to: CChar.self), 4096)
                    }
                }
                target = Array(buffer.prefix(max(count, 0)))
            } else if status.st_mode & S_IFMT == S_IFREG {
                digest = try sha256(full)
            }
            let group =
                status.st_nlink > 1 ? inodes[UInt64(status.st_ino)]?.min { $0.lexicographicallyPrecedes($1) } : nil
            result[key] = Metadata(
                mode: status.st_mode, uid: status.st_uid, gid: status.st_gid,
                modificationTime: status.st_mtim.tv_sec, modificationNanoseconds: status.st_mtim.tv_nsec,
                symlinkTarget: target, size: status.st_mode & S_IFMT == S_IFDIR ? 0 : Int64(status.st_size),
                sha256: digest, hardlinkGroup: status.st_mode & S_IFMT == S_IFREG ? group : nil)
        }
        return result
    }

    static func sha256(_ path: [UInt8]) throws -> String {
        let fileDescriptor = withPath(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fileDescriptor >= 0 else { throw Failure(description: "open for hashing") }
        defer { close(fileDescriptor) }
        let hasher = SHA256.Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            hasher.update(buffer[0..<count])
        }
        return hasher.finalize().hexString
    }

    /// Disk blocks (512 bytes each) the file at `path` occupies.
    static func allocatedBlocks(_ path: String) throws -> Int {
        var status = stat()
        try check(lstat(path, &status), "lstat \(path)")
        return Int(status.st_blocks)
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}
