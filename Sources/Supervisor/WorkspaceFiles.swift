import CSystem
import Foundation
import HTTP
import HTTPServer
import Synchronization

/// The workspace's files as the browser IDE reads and writes them: everything under one root directory, reached as
/// the workspace user.
///
/// Every path is resolved one component at a time from a descriptor of the root, with `O_NOFOLLOW`: a symlink is
/// read and followed by hand, and only while it stays under the root, so that no link (nor one swapped in while a
/// request runs) leads a request out of the workspace. Everything runs synchronously on the calling thread, whose
/// file system identity is switched to the workspace user for the duration, so that permissions are the user's and
/// new files are the user's own.
public final class WorkspaceFiles: Sendable {
    /// The largest file read or written.
    public static let maxFileBytes = 5 << 20
    /// The most entries one listing returns.
    public static let maxListEntries = 5000
    /// The most symlinks one path may go through.
    static let maxSymlinks = 40

    /// The root, with symlinks in its own path resolved.
    public let rootPath: String
    /// Whom the files are read and written as; nil for the supervisor's own user.
    let user: WorkspaceUser?
    /// Writes that check a version, and create-only writes, check and replace under this lock.
    let writeLock = Mutex(())

    /// - Parameters:
    ///   - root: the directory whose files are served.
    ///   - user: the user to act as (only when the supervisor runs as root).
    public init(root: String, user: WorkspaceUser?) {
        rootPath = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        self.user = geteuid() == 0 && user.map { $0.uid != 0 } == true ? user : nil
    }

    // MARK: Acting as the user

    /// Runs `body` with the calling thread's file system identity switched to the workspace user.
    func asUser<Result>(_ body: () throws -> Result) throws -> Result {
        guard let user else { return try body() }
        var saved = [gid_t](repeating: 0, count: 256)
        var savedCount = 0
        let switched = user.withIdentity { identity in
            csystem_set_thread_fs_identity(identity, &saved, saved.count, &savedCount)
        }
        guard switched == 0 else {
            throw HTTPError(
                .internalServerError, code: "internal",
                message: "cannot act as the workspace user \(user.name): \(String(cString: strerror(errno)))")
        }
        defer { csystem_restore_thread_fs_identity(saved, savedCount) }
        return try body()
    }

    // MARK: Resolving

    /// Where a path leads: a directory (an open descriptor the caller closes) and a name in it.
    struct Location {
        /// The directory holding `name`, or the directory itself when `name` is nil.
        var directory: Int32
        /// The final name; nil when the path leads to `directory` itself (the root, or a link to a directory).
        var name: String?
        /// Whether `name` exists (as anything but a symlink that is followed).
        var exists: Bool
        /// The path as the request named it, for messages.
        var path: WorkspacePath

        func close() { _ = Glibc.close(directory) }
    }

    /// Resolves `path` from the root, following symlinks that stay under it.
    /// - Parameter followLast: whether a symlink as the final component is followed (reading and writing) or is
    ///   the entry itself (deleting, renaming).
    /// - Throws: `HTTPError` 403 for a symlink leading out of the root, 404 when a directory on the way is missing,
    ///   400 when something on the way is not a directory.
    func resolve(_ path: WorkspacePath, followLast: Bool) throws -> Location {
        let root = open(rootPath, csystem_o_path | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw Self.error(errno, doing: "opening the workspace's root", path: path) }
        var stack: [Int32] = [root]
        var success = false
        defer {
            if !success { for descriptor in stack { Glibc.close(descriptor) } }
        }
        var pending = Array(path.components.reversed())
        var links = 0
        while let name = pending.popLast() {
            let isLast = pending.isEmpty
            if name.isEmpty || name == "." { continue }
            if name == ".." {
                guard stack.count > 1 else { throw Self.outside(path) }
                Glibc.close(stack.removeLast())
                continue
            }
            let directory = stack[stack.count - 1]
            if isLast && !followLast {
                var status = stat()
                let exists = fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0
                guard exists || errno == ENOENT else { throw Self.error(errno, doing: "looking up", path: path) }
                stack.removeLast()
                success = true
                for descriptor in stack { Glibc.close(descriptor) }
                return Location(directory: directory, name: name, exists: exists, path: path)
            }
            let entry = openat(directory, name, csystem_o_path | O_NOFOLLOW | O_CLOEXEC)
            if entry < 0 {
                let number = errno
                if number == ENOENT && isLast {
                    stack.removeLast()
                    success = true
                    for descriptor in stack { Glibc.close(descriptor) }
                    return Location(directory: directory, name: name, exists: false, path: path)
                }
                if number == ENOENT {
                    throw HTTPError.notFound("'\(path)' does not exist: a directory on its way is missing")
                }
                throw Self.error(number, doing: "looking up", path: path)
            }
            var status = stat()
            guard fstat(entry, &status) == 0 else {
                let number = errno
                Glibc.close(entry)
                throw Self.error(number, doing: "looking up", path: path)
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                defer { Glibc.close(entry) }
                links += 1
                guard links <= Self.maxSymlinks else {
                    throw HTTPError(
                        .badRequest, code: "invalid_path",
                        message: "'\(path)' goes through more than \(Self.maxSymlinks) symlinks")
                }
                let target = try Self.linkTarget(entry, path: path)
                if target.hasPrefix("/") {
                    guard target == rootPath || target.hasPrefix(rootPath == "/" ? "/" : rootPath + "/") else {
                        throw Self.outside(path)
                    }
                    // Start again from the root.
                    for descriptor in stack.dropFirst() { Glibc.close(descriptor) }
                    stack.removeSubrange(1...)
                    pending += target.dropFirst(rootPath.count).split(separator: "/").map(String.init).reversed()
                } else {
                    pending += target.split(separator: "/").map(String.init).reversed()
                }
            case S_IFDIR:
                if isLast {
                    Glibc.close(entry)
                    stack.removeLast()
                    success = true
                    for descriptor in stack { Glibc.close(descriptor) }
                    return Location(directory: directory, name: name, exists: true, path: path)
                }
                stack.append(entry)
            default:
                Glibc.close(entry)
                if isLast {
                    stack.removeLast()
                    success = true
                    for descriptor in stack { Glibc.close(descriptor) }
                    return Location(directory: directory, name: name, exists: true, path: path)
                }
                throw HTTPError(
                    .badRequest, code: "not_a_directory",
                    message: "'\(path)' does not lead anywhere: '\(name)' on its way is not a directory")
            }
        }
        // The path (or the links it went through) ended at a directory itself.
        let directory = stack.removeLast()
        success = true
        for descriptor in stack { Glibc.close(descriptor) }
        return Location(directory: directory, name: nil, exists: true, path: path)
    }

    /// The text of the symlink open as `descriptor` (an `O_PATH` descriptor).
    private static func linkTarget(_ descriptor: Int32, path: WorkspacePath) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(descriptor, "", &buffer, buffer.count - 1)
        guard count >= 0 else { throw error(errno, doing: "reading a symlink of", path: path) }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Errors

    static func outside(_ path: WorkspacePath) -> HTTPError {
        HTTPError(
            .forbidden, code: "outside_workspace",
            message: "'\(path)' goes through a symlink that leads outside the workspace")
    }

    /// An `HTTPError` for a failed system call, with the status its errno calls for.
    static func error(_ number: Int32, doing action: String, path: WorkspacePath) -> HTTPError {
        let reason = String(cString: strerror(number))
        let shown = path.isRoot ? "the workspace's root" : "'\(path)'"
        switch number {
        case ENOENT: return HTTPError.notFound("\(shown) does not exist")
        case EACCES, EPERM:
            return HTTPError(
                .forbidden, code: "permission_denied",
                message: "\(action) \(shown): the workspace user may not (\(reason))")
        case EEXIST, ENOTEMPTY: return HTTPError(.conflict, code: "already_exists", message: "\(shown) already exists")
        case ENOTDIR:
            return HTTPError(
                .badRequest, code: "not_a_directory", message: "\(action) \(shown): a component is not a directory")
        case EISDIR: return HTTPError(.badRequest, code: "is_a_directory", message: "\(shown) is a directory")
        case ELOOP: return outside(path)
        case ENOSPC, EDQUOT:
            return HTTPError(
                HTTPStatus(code: 507, reasonPhrase: "Insufficient Storage"), code: "no_space",
                message: "\(action) \(shown): the workspace's disk is full")
        default: return HTTPError(.internalServerError, code: "internal", message: "\(action) \(shown): \(reason)")
        }
    }
}
