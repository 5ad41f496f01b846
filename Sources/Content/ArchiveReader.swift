import CArchive

/// Reads a tar archive (compressed with zstd, or not compressed) from a file descriptor: owns a libarchive read
/// handle.
public final class ArchiveReader {
    /// A piece of the current entry's content: bytes at an offset (holes are the gaps between pieces).
    public struct Block {
        public var bytes: UnsafeRawBufferPointer
        public var offset: Int64
    }

    private let handle: OpaquePointer
    private let entry = ArchiveEntry()

    /// Opens the archive in `fileDescriptor`, read from its current offset; the caller keeps the descriptor open.
    public init(fileDescriptor: Int32) throws {
        guard let handle = archive_read_new() else {
            throw ArchiveError(operation: "create archive reader", message: "out of memory")
        }
        self.handle = handle
        try check(archive_read_support_format_tar(handle), handle, "enable tar")
        try check(archive_read_support_filter_zstd(handle), handle, "enable zstd")
        try check(archive_read_support_filter_none(handle), handle, "enable uncompressed input")
        try check(archive_read_open_fd(handle, fileDescriptor, 64 * 1024), handle, "open the archive")
    }

    deinit {
        archive_read_free(handle)
    }

    /// The next entry's header, or nil at the end of the archive. The entry is reused by the next call.
    public func nextEntry() throws -> ArchiveEntry? {
        while true {
            let code = archive_read_next_header2(handle, entry.handle)
            switch ArchiveStatus(code) {
            case .ok, .warn: return entry
            case .eof: return nil
            case .retry: continue
            case .failed, .fatal: throw ArchiveError.last(on: handle, operation: "read the next entry")
            }
        }
    }

    /// The next block of the current entry's content, or nil after its last.
    public func nextBlock() throws -> Block? {
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: Int64 = 0
        let code = archive_read_data_block(handle, &buffer, &size, &offset)
        switch ArchiveStatus(code) {
        case .eof: return nil
        case .ok, .warn: return Block(bytes: UnsafeRawBufferPointer(start: buffer, count: size), offset: offset)
        default: throw ArchiveError.last(on: handle, operation: "read the content of \(describe(entry))")
        }
    }

    /// Uncompressed archive bytes consumed so far.
    public var uncompressedBytesRead: Int64 { archive_filter_bytes(handle, 0) }
}

@available(*, unavailable, message: "a reader owns a libarchive handle; use it from one thread")
extension ArchiveReader: Sendable {}
