import CArchive
import Foundation

/// One archive entry (header metadata): owns a libarchive `archive_entry`.
///
/// Paths are bytes, not `String`, so that names that are not UTF-8 survive unchanged.
public final class ArchiveEntry {
    /// The kinds of entry a tar archive holds.
    public enum Kind: Sendable, Equatable {
        case regular
        case directory
        case symbolicLink
        case fifo
        case socket
        case characterDevice
        case blockDevice
        case unknown
    }

    let handle: OpaquePointer

    /// A new, empty entry.
    public init() {
        guard let handle = archive_entry_new() else { fatalError("archive_entry_new: out of memory") }
        self.handle = handle
    }

    deinit {
        archive_entry_free(handle)
    }

    /// The path inside the archive, as bytes.
    public var path: [UInt8] {
        get { bytes(archive_entry_pathname(handle)) ?? [] }
        set { withCString(newValue) { archive_entry_copy_pathname(handle, $0) } }
    }

    /// The path of the earlier entry this one is a hard link to, or nil.
    public var hardlinkTarget: [UInt8]? {
        get { bytes(archive_entry_hardlink(handle)) }
        set {
            guard let newValue else { return archive_entry_copy_hardlink(handle, nil) }
            withCString(newValue) { archive_entry_copy_hardlink(handle, $0) }
        }
    }

    /// Where a symbolic link points, as bytes, or nil.
    public var symlinkTarget: [UInt8]? { bytes(archive_entry_symlink(handle)) }

    /// The kind of entry (ignoring whether it is a hard link).
    public var kind: Kind {
        switch archive_entry_filetype(handle) & UInt32(Glibc.S_IFMT) {
        case UInt32(Glibc.S_IFREG): .regular
        case UInt32(Glibc.S_IFDIR): .directory
        case UInt32(Glibc.S_IFLNK): .symbolicLink
        case UInt32(Glibc.S_IFIFO): .fifo
        case UInt32(Glibc.S_IFSOCK): .socket
        case UInt32(Glibc.S_IFCHR): .characterDevice
        case UInt32(Glibc.S_IFBLK): .blockDevice
        default: .unknown
        }
    }

    /// Permission bits, including set-id and sticky bits.
    public var permissions: UInt32 { UInt32(archive_entry_perm(handle)) }

    /// The size of the content in bytes (the logical size, holes included).
    public var size: Int64 { archive_entry_size(handle) }

    /// Whether the entry's content has holes recorded.
    public var isSparse: Bool { archive_entry_sparse_count(handle) > 0 }

    /// The numeric owner.
    public var uid: Int64 {
        get { archive_entry_uid(handle) }
        set { archive_entry_set_uid(handle, newValue) }
    }

    /// The numeric group.
    public var gid: Int64 {
        get { archive_entry_gid(handle) }
        set { archive_entry_set_gid(handle, newValue) }
    }

    /// The modification time.
    public var modificationTime: timespec {
        timespec(tv_sec: archive_entry_mtime(handle), tv_nsec: archive_entry_mtime_nsec(handle))
    }

    /// The data regions of a sparse file, as (offset, length) pairs; empty when the file has no holes recorded.
    public var dataRegions: [(offset: Int64, length: Int64)] {
        var regions: [(offset: Int64, length: Int64)] = []
        guard archive_entry_sparse_reset(handle) > 0 else { return regions }
        var offset: Int64 = 0
        var length: Int64 = 0
        while archive_entry_sparse_next(handle, &offset, &length) == ARCHIVE_OK {
            regions.append((offset, length))
        }
        return regions
    }

    /// Drops every extended attribute outside the `user.` namespace. `security.`, `trusted.` and `system.`
    /// attributes (file capabilities, SELinux labels, ACLs) from an archive must not reach the host.
    public func keepOnlyUserExtendedAttributes() {
        guard archive_entry_xattr_reset(handle) > 0 else { return }
        var kept: [([UInt8], Data)] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        var dropped = false
        while archive_entry_xattr_next(handle, &name, &value, &size) == ARCHIVE_OK {
            guard let name, let bytes = self.bytes(name) else { continue }
            if bytes.starts(with: Array("user.".utf8)) {
                kept.append((bytes, value.map { Data(bytes: $0, count: size) } ?? Data()))
            } else {
                dropped = true
            }
        }
        guard dropped else { return }
        archive_entry_xattr_clear(handle)
        for (name, value) in kept {
            withCString(name) { name in
                value.withUnsafeBytes { archive_entry_xattr_add_entry(handle, name, $0.baseAddress, $0.count) }
            }
        }
    }

    /// Leaves out the access and change times: a restore cannot set the change time and has no use for the access
    /// time, and without them a file's pax header holds its modification time alone.
    public func removeAccessAndChangeTimes() {
        archive_entry_unset_atime(handle)
        archive_entry_unset_ctime(handle)
    }

    /// Drops the user and group names, so that only the numeric ids are stored and used.
    public func removeOwnerNames() {
        archive_entry_copy_uname(handle, nil)
        archive_entry_copy_gname(handle, nil)
    }

    private func bytes(_ pointer: UnsafePointer<CChar>?) -> [UInt8]? {
        guard let pointer else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
    }
}

@available(*, unavailable, message: "an entry owns a libarchive handle; use it from one thread")
extension ArchiveEntry: Sendable {}

/// Calls `body` with `bytes` as a NUL-terminated C string.
func withCString<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
    try (bytes + [0]).withUnsafeBufferPointer { buffer in
        try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
    }
}
