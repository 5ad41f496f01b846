import CArchive

/// Finds files seen before under another name, so that a tar archive stores their content once: owns a libarchive
/// link resolver.
public final class HardlinkResolver {
    private let handle: OpaquePointer

    public init() throws {
        guard let handle = archive_entry_linkresolver_new() else {
            throw ArchiveError(operation: "create link resolver", message: "out of memory")
        }
        self.handle = handle
        archive_entry_linkresolver_set_strategy(handle, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED)
    }

    deinit {
        archive_entry_linkresolver_free(handle)
    }

    /// Turns `entry` into a hard link to the first entry with the same device and inode, when there was one. Call
    /// it after the entry has its final path.
    public func resolve(_ entry: ArchiveEntry) {
        var pointer: OpaquePointer? = entry.handle
        var spare: OpaquePointer?
        archive_entry_linkify(handle, &pointer, &spare)
        // The tar strategy edits the entry in place and never defers one, so `pointer` is unchanged.
    }
}

@available(*, unavailable, message: "a resolver owns a libarchive handle; use it from one thread")
extension HardlinkResolver: Sendable {}
