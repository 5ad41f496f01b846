import CArchive

/// Creates files on disk from archive entries: owns a libarchive `archive_write_disk` handle.
///
/// Relative entry paths are relative to the working directory of the calling thread. Permissions, numeric owners,
/// times and extended attributes are restored; the holes an archive records for a sparse file are recreated (the
/// writer seeks over them), while other runs of zeros are written as they are, as GNU tar does. libarchive's own
/// guards are on: no absolute paths, no `..` components, and (unless the caller vouches for the tree) no writing
/// through symbolic links.
public final class ArchiveDiskWriter {
    private let handle: OpaquePointer
    /// Content gathered for the current entry, to be written at `pendingOffset`.
    private let pending = RawBuffer(capacity: 1 << 20)
    private var pendingOffset: Int64 = 0

    /// The extraction flags: metadata, and libarchive's guards against absolute paths and `..`. Not
    /// `ARCHIVE_EXTRACT_SPARSE`: it looks for zeros in every file and cuts every write at each 4 KiB block.
    static let flags: Int32 =
        ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_XATTR
        | ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS

    /// - Parameter checksLinks: whether libarchive checks every directory on an entry's path for a symbolic link
    ///   (an `lstat` per directory per entry). A caller that extracts into a directory it has just made, and refuses
    ///   any entry whose path goes through a link the archive created, can leave it off: there is no other link.
    public init(checksLinks: Bool = true) throws {
        guard let handle = archive_write_disk_new() else {
            throw ArchiveError(operation: "create disk writer", message: "out of memory")
        }
        self.handle = handle
        let flags = Self.flags | (checksLinks ? ARCHIVE_EXTRACT_SECURE_SYMLINKS : 0)
        try check(archive_write_disk_set_options(handle, flags), handle, "set extraction options")
    }

    deinit {
        archive_write_free(handle)
    }

    /// Creates the file, directory or link that `entry` describes.
    public func writeHeader(_ entry: ArchiveEntry) throws {
        try check(archive_write_header(handle, entry.handle), handle, "create \(describe(entry))")
    }

    /// Writes a block of the current file's content at `offset`.
    ///
    /// Blocks that follow each other are gathered and written together, up to 1 MiB at a time: the archive's blocks
    /// are cut wherever decompression left them, and each write that ends inside a new page makes the kernel zero
    /// the rest of that page first.
    public func writeBlock(_ block: ArchiveReader.Block) throws {
        if pending.count > 0
            && (block.offset != pendingOffset + Int64(pending.count)
                || pending.count + block.bytes.count > pending.capacity)
        {
            try flush()
        }
        if pending.count == 0 {
            pendingOffset = block.offset
            if block.bytes.count >= pending.capacity {
                try write(block.bytes, at: block.offset)
                return
            }
        }
        pending.append(block.bytes)
    }

    /// Completes the current entry (sets its size, times and permissions).
    public func finishEntry() throws {
        try flush()
        try check(archive_write_finish_entry(handle), handle, "finish an entry")
    }

    private func flush() throws {
        guard pending.count > 0 else { return }
        defer { pending.count = 0 }
        try write(pending.bytes, at: pendingOffset)
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        let written = archive_write_data_block(handle, bytes.baseAddress, bytes.count, offset)
        if written < 0 { try check(Int32(written), handle, "write file content") }
    }

    /// Applies the permissions and times of directories, which wait until their content is written.
    public func close() throws {
        try check(archive_write_close(handle), handle, "finish extracting")
    }
}

@available(*, unavailable, message: "a disk writer owns a libarchive handle; use it from one thread")
extension ArchiveDiskWriter: Sendable {}
