import Foundation
import Glibc

/// File system work for checkouts and mirrors: slow tree work on a thread of its own, and path checks that never
/// follow a symbolic link.
enum GitFiles {
    /// Runs `work` on a dispatch queue, off Swift's concurrency threads, and returns its result.
    static func offThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }

    /// Removes the tree at `path`, if there is one, without following symbolic links; failures are ignored.
    static func removeTree(_ path: String) async {
        _ = try? await offThread { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The `lstat` of `path`, or nil when nothing is there.
    /// - Throws: `GitError.io` when it cannot be inspected for another reason.
    static func status(_ path: String) throws -> stat? {
        var status = stat()
        if lstat(path, &status) == 0 { return status }
        if errno == ENOENT { return nil }
        throw GitError.io("inspect \(path)", errno: errno)
    }

    /// Whether `status` is a directory (and so not a symbolic link).
    static func isDirectory(_ status: stat) -> Bool { status.st_mode & S_IFMT == S_IFDIR }

    /// Creates the directory `path` with mode 0755.
    /// - Throws: `GitError.io` when it cannot.
    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        guard mkdir(path, mode) == 0 else { throw GitError.io("create directory \(path)", errno: errno) }
    }

    /// Renames `source` to `destination`.
    /// - Throws: `GitError.io` when it cannot.
    static func rename(_ source: String, to destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw GitError.io("rename \(source) to \(destination)", errno: errno)
        }
    }

    /// Gives every file in the tree at `root`, the root included, to `owner` with `lchown`: symbolic links are
    /// changed themselves and never followed. Runs off Swift's concurrency threads.
    /// - Returns: how many entries were changed.
    static func changeOwner(of root: String, to owner: FileOwner) async throws -> Int {
        try await offThread {
            var walker = TreeWalker(root: root)
            var count = 0
            while let item = try walker.next() {
                let path = String(decoding: item.absolutePath, as: UTF8.self)
                let result = lchownBytes(item.absolutePath, owner)
                guard result == 0 else { throw GitError.io("change the owner of \(path)", errno: errno) }
                count += 1
            }
            return count
        }
    }

    private static func lchownBytes(_ path: [UInt8], _ owner: FileOwner) -> Int32 {
        (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.map { lchown($0, owner.uid, owner.gid) } ?? -1
            }
        }
    }
}

/// The host user and group that own a workspace's files.
public struct FileOwner: Sendable, Hashable {
    public var uid: uid_t
    public var gid: gid_t

    public init(uid: uid_t, gid: gid_t) {
        self.uid = uid
        self.gid = gid
    }

    /// The workspace user (container uid and gid 33333, `gitpod`) as seen from the host under `shift`.
    public static func workspaceUser(_ shift: IDShift) -> FileOwner {
        FileOwner(uid: uid_t(shift.offset + 33333), gid: gid_t(shift.offset + 33333))
    }
}
