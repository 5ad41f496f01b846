import CArchive
import Glibc

/// Reads the metadata of files on disk into archive entries: owns two libarchive `archive_read_disk` handles.
///
/// It fills in what `stat` says, the target of a symbolic link (never followed), extended attributes, and the data
/// regions of a sparse file. Owner names are not looked up: archives carry numeric ids only. ACLs and file flags
/// (`chattr`) are not read, as GNU tar does not by default: each would cost system calls on every file. Only a file
/// with fewer blocks allocated than its size can have holes, so only such files are searched for them (libarchive
/// otherwise asks the file system with a handful of `lseek` calls per file, most of a small file's cost).
public final class ArchiveDiskReader {
    /// Looks for holes.
    private let sparseAware: OpaquePointer
    /// Reads every file as one data region.
    private let dense: OpaquePointer
    private let entry = ArchiveEntry()

    public init() throws {
        let common = ARCHIVE_READDISK_NO_ACL | ARCHIVE_READDISK_NO_FFLAGS
        sparseAware = try Self.handle(behavior: common)
        do {
            dense = try Self.handle(behavior: common | ARCHIVE_READDISK_NO_SPARSE)
        } catch {
            archive_read_free(sparseAware)
            throw error
        }
    }

    private static func handle(behavior: Int32) throws -> OpaquePointer {
        guard let handle = archive_read_disk_new() else {
            throw ArchiveError(operation: "create disk reader", message: "out of memory")
        }
        do {
            try check(archive_read_disk_set_symlink_physical(handle), handle, "never follow symbolic links")
            try check(
                archive_read_disk_set_behavior(handle, behavior), handle, "leave out ACLs and file flags")
        } catch {
            archive_read_free(handle)
            throw error
        }
        return handle
    }

    deinit {
        archive_read_free(sparseAware)
        archive_read_free(dense)
    }

    /// The entry for the file at `path` (bytes), whose `lstat` is `status`; `fileDescriptor` is the file opened for
    /// reading, or -1. The same entry is reused by the next call.
    public func entry(path: [UInt8], status: stat, fileDescriptor: Int32) throws -> ArchiveEntry {
        archive_entry_clear(entry.handle)
        entry.path = path
        var status = status
        let mayHaveHoles = Int64(status.st_blocks) * 512 < Int64(status.st_size)
        let handle = mayHaveHoles ? sparseAware : dense
        let code = archive_read_disk_entry_from_file(handle, entry.handle, fileDescriptor, &status)
        try check(code, handle, "read the metadata of \(describe(entry))")
        return entry
    }
}

@available(*, unavailable, message: "a disk reader owns a libarchive handle; use it from one thread")
extension ArchiveDiskReader: Sendable {}
