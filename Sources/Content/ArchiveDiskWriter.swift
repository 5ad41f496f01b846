import CArchive

/// Creates files on disk from archive entries: owns a libarchive `archive_write_disk` handle.
///
/// Relative entry paths are relative to the working directory of the calling thread. Permissions, numeric owners,
/// times and extended attributes are restored; holes are recreated. libarchive's own guards are on: no absolute
/// paths, no `..` components, no writing through symbolic links.
public final class ArchiveDiskWriter {
    private let handle: OpaquePointer

    /// The extraction flags: metadata, holes, and every guard libarchive has.
    static let flags: Int32 =
        ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_XATTR
        | ARCHIVE_EXTRACT_SPARSE | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT
        | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS

    public init() throws {
        guard let handle = archive_write_disk_new() else {
            throw ArchiveError(operation: "create disk writer", message: "out of memory")
        }
        self.handle = handle
        try check(archive_write_disk_set_options(handle, Self.flags), handle, "set extraction options")
    }

    deinit {
        archive_write_free(handle)
    }

    /// Creates the file, directory or link that `entry` describes.
    public func writeHeader(_ entry: ArchiveEntry) throws {
        try check(archive_write_header(handle, entry.handle), handle, "create \(describe(entry))")
    }

    /// Writes a block of the current file's content at `offset`.
    public func writeBlock(_ block: ArchiveReader.Block) throws {
        let written = archive_write_data_block(handle, block.bytes.baseAddress, block.bytes.count, block.offset)
        if written < 0 { try check(Int32(written), handle, "write file content") }
    }

    /// Completes the current entry (sets its size, times and permissions).
    public func finishEntry() throws {
        try check(archive_write_finish_entry(handle), handle, "finish an entry")
    }

    /// Applies the permissions and times of directories, which wait until their content is written.
    public func close() throws {
        try check(archive_write_close(handle), handle, "finish extracting")
    }
}

@available(*, unavailable, message: "a disk writer owns a libarchive handle; use it from one thread")
extension ArchiveDiskWriter: Sendable {}
