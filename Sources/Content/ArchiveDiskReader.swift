import CArchive
import Glibc

/// Reads the metadata of files on disk into archive entries: owns a libarchive `archive_read_disk` handle.
///
/// It fills in what `stat` says, the target of a symbolic link (never followed), extended attributes, and the data
/// regions of a sparse file. Owner names are not looked up: archives carry numeric ids only. ACLs and file flags
/// (`chattr`) are not read, as GNU tar does not by default: each would cost system calls on every file.
public final class ArchiveDiskReader {
    private let handle: OpaquePointer
    private let entry = ArchiveEntry()

    public init() throws {
        guard let handle = archive_read_disk_new() else {
            throw ArchiveError(operation: "create disk reader", message: "out of memory")
        }
        self.handle = handle
        try check(archive_read_disk_set_symlink_physical(handle), handle, "never follow symbolic links")
        try check(
            archive_read_disk_set_behavior(handle, ARCHIVE_READDISK_NO_ACL | ARCHIVE_READDISK_NO_FFLAGS), handle,
            "leave out ACLs and file flags")
    }

    deinit {
        archive_read_free(handle)
    }

    /// The entry for the file at `path` (bytes), whose `lstat` is `status`; `fileDescriptor` is the file opened for
    /// reading, or -1. The same entry is reused by the next call.
    public func entry(path: [UInt8], status: stat, fileDescriptor: Int32) throws -> ArchiveEntry {
        archive_entry_clear(entry.handle)
        entry.path = path
        var status = status
        let code = archive_read_disk_entry_from_file(handle, entry.handle, fileDescriptor, &status)
        try check(code, handle, "read the metadata of \(describe(entry))")
        return entry
    }
}

@available(*, unavailable, message: "a disk reader owns a libarchive handle; use it from one thread")
extension ArchiveDiskReader: Sendable {}
