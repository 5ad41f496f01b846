import CArchive
import Foundation

/// Restores a backup written by `BackupWriter` (or any pax or GNU tar archive, compressed with zstd or not).
///
/// Extraction goes into a fresh directory beside the target while the archive's SHA-256 is computed, and that
/// directory is renamed into place only when it is complete and the checksum has matched; a refused, corrupt or
/// failed restore leaves nothing behind and the target as it was. Every entry is checked before libarchive sees it (libarchive's own guards are on
/// too): absolute paths, `..` components, paths through a symbolic link of the archive, and hard links to anything
/// but an earlier file of the archive are refused. Devices and sockets are skipped with a note (FIFOs are made). The limits
/// stop a restore, mid-stream if need be, before it writes more than allowed.
public struct BackupRestorer: Sendable {
    /// How much a restore may create.
    public var limits: RestoreLimits
    /// The container mapping to restore ids into (container id `n` becomes host id `offset + n`), or nil to restore
    /// ids as recorded.
    public var idShift: IDShift?

    public init(limits: RestoreLimits = RestoreLimits(), idShift: IDShift? = nil) {
        self.limits = limits
        self.idShift = idShift
    }

    /// Restores the archive at `archive`, whose SHA-256 must be `sha256` (hexadecimal), as the directory `target`.
    ///
    /// `target` must not exist, or be an empty directory; its parent must exist. Runs on a thread of its own.
    public func restore(archive: String, sha256: String, into target: String) async throws -> RestoreReport {
        let restorer = self
        return try await ArchiveThread.run(name: "swiftpod-restore", ownWorkingDirectory: true) {
            try restorer.restoreBlocking(archive: archive, sha256: sha256, into: target)
        }
    }

    /// Checks the archive's SHA-256, then reads it to its end without extracting anything, under the same limits
    /// and path checks as a restore.
    /// - Returns: the number of entries.
    public func verify(archive: String, sha256: String) async throws -> Int {
        let restorer = self
        return try await ArchiveThread.run(name: "swiftpod-verify") {
            try restorer.verifyBlocking(archive: archive, sha256: sha256)
        }
    }

    /// The synchronous work of `verify(archive:sha256:)`, for callers already on a thread of their own.
    func verifyBlocking(archive: String, sha256: String) throws -> Int {
        try withVerifiedArchive(archive, sha256: sha256) { fileDescriptor in
            try extract(from: fileDescriptor, archive: archive, creatingFiles: false).report.entries
        }
    }

    private func restoreBlocking(archive: String, sha256: String, into target: String) throws -> RestoreReport {
        try Self.checkTarget(target)
        Self.removeLeftovers(of: target)
        let fresh = DurableFile.temporaryPath(for: target)
        guard mkdir(fresh, 0o700) == 0 else { throw ContentError.io("create \(fresh)", errno: errno) }
        do {
            // The fresh directory is renamed into place only after the whole file's checksum has matched.
            let extraction = try withVerifiedArchive(archive, sha256: sha256) { fileDescriptor in
                guard chdir(fresh) == 0 else { throw ContentError.io("enter \(fresh)", errno: errno) }
                defer { _ = chdir("/") }
                return try extract(from: fileDescriptor, archive: archive, creatingFiles: true)
            }
            try finishRoot(fresh, metadata: extraction.root)
            guard rename(fresh, target) == 0 else {
                if errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR {
                    throw ContentError(
                        code: .targetNotEmpty,
                        message: "cannot restore into \(target): something else was put there meanwhile")
                }
                throw ContentError.io("rename \(fresh) to \(target)", errno: errno)
            }
            try DurableFile.syncDirectory(DurableFile.parentDirectory(of: target))
            return extraction.report
        } catch {
            try? FileManager.default.removeItem(atPath: fresh)
            throw error
        }
    }

    /// Opens `archive` and gives `body` a descriptor of its tar stream, decompressed on another thread while
    /// `body` reads it (`ArchiveDecompressor`); the SHA-256 of the whole file is checked when `body` is done, and
    /// whatever `body` did is accepted only when it matches (a restore renames its directory into place only then).
    /// A mismatch is reported as such, before any other error the damage caused.
    private func withVerifiedArchive<Result>(
        _ archive: String, sha256: String, _ body: (Int32) throws -> Result
    ) throws -> Result {
        let fileDescriptor = open(archive, O_RDONLY | O_CLOEXEC)
        guard fileDescriptor >= 0 else { throw ContentError.io("open backup \(archive)", errno: errno) }
        defer { close(fileDescriptor) }
        let decompressor = try ArchiveDecompressor(fileDescriptor: fileDescriptor, path: archive)
        let result: Swift.Result<Result, any Error>
        do {
            let value = try body(decompressor.output)
            decompressor.drain()
            result = .success(value)
        } catch {
            result = .failure(error)
        }
        let outcome = decompressor.finish()
        if let actual = outcome.sha256, actual != sha256.lowercased() {
            throw ContentError(
                code: .checksumMismatch,
                message: "backup \(archive) is corrupt: its SHA-256 is \(actual), not \(sha256.lowercased()) as "
                    + "recorded; nothing was restored")
        }
        // A failure to read or decompress the archive is the cause of whatever the extraction then saw.
        if let failure = outcome.failure { throw failure }
        return try result.get()
    }

    /// Refuses a target that exists and is anything but an empty directory.
    private static func checkTarget(_ target: String) throws {
        var status = stat()
        guard lstat(target, &status) == 0 else {
            guard errno == ENOENT else { throw ContentError.io("inspect \(target)", errno: errno) }
            return
        }
        let isEmptyDirectory =
            status.st_mode & S_IFMT == S_IFDIR
            && ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [""]).isEmpty
        guard isEmptyDirectory else {
            throw ContentError(
                code: .targetNotEmpty,
                message: "cannot restore into \(target): it exists and is not an empty directory; nothing was restored")
        }
    }

    /// Removes the fresh directories of earlier restores into `target` that did not finish (a crash).
    private static func removeLeftovers(of target: String) {
        let parent = DurableFile.parentDirectory(of: target)
        let prefix = (target as NSString).lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(DurableFile.temporarySuffix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    /// The root directory's own metadata, from its entry in the archive.
    struct RootMetadata {
        var permissions: UInt32
        var uid: Int64
        var gid: Int64
        var modificationTime: timespec
    }

    /// What an extraction did, and the root's metadata, which is applied last.
    struct Extraction {
        var report: RestoreReport
        var root: RootMetadata?
    }

    /// Gives the restored root the permissions, owner and time recorded for it, and flushes the restored files.
    private func finishRoot(_ fresh: String, metadata: RootMetadata?) throws {
        if let metadata {
            // Like libarchive, restore owners only as root: anyone else cannot give files away.
            let owner = (uid_t(truncatingIfNeeded: metadata.uid), gid_t(truncatingIfNeeded: metadata.gid))
            guard geteuid() != 0 || chown(fresh, owner.0, owner.1) == 0 else {
                throw ContentError.io("set the owner of \(fresh)", errno: errno)
            }
            guard chmod(fresh, mode_t(metadata.permissions & 0o7777)) == 0 else {
                throw ContentError.io("set the permissions of \(fresh)", errno: errno)
            }
            var times = [metadata.modificationTime, metadata.modificationTime]
            guard utimensat(AT_FDCWD, fresh, &times, 0) == 0 else {
                throw ContentError.io("set the time of \(fresh)", errno: errno)
            }
        } else {
            guard chmod(fresh, 0o755) == 0 else {
                throw ContentError.io("set the permissions of \(fresh)", errno: errno)
            }
        }
        let fileDescriptor = open(fresh, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fileDescriptor >= 0 else { throw ContentError.io("open \(fresh)", errno: errno) }
        defer { close(fileDescriptor) }
        guard swiftpod_syncfs(fileDescriptor) == 0 else { throw ContentError.io("flush \(fresh)", errno: errno) }
    }
}
