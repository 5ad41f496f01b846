import Foundation

/// A backup of a workspace's files: a tar + zstd archive in the content store.
public struct Backup: Sendable, Hashable {
    /// Where a backup is in its life.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Being written, or written but not yet checked.
        case pending
        /// Written, checksummed and read back: safe to restore from.
        case verified
        /// Its file has been removed.
        case deleted
    }

    public var id: String
    public var workspaceID: String
    /// The archive's path in the content store.
    public var path: String
    /// The archive's SHA-256, in hexadecimal.
    public var sha256: String
    /// The archive's size in bytes.
    public var size: Int64
    public var createdAt: Date
    public var state: State

    public init(
        id: String, workspaceID: String, path: String, sha256: String, size: Int64, createdAt: Date,
        state: State = .pending
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
        self.state = state
    }
}
