import Foundation

/// A prebuild: a repository's `init` tasks run ahead of time at one commit, kept as a snapshot.
public struct Prebuild: Sendable, Hashable {
    /// Where a prebuild is.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case queued
        case running
        /// Finished, with a snapshot workspaces can start from.
        case available
        case failed
    }

    public var id: String
    public var cloneURL: String
    public var commit: String
    public var state: State
    /// The snapshot's path in the content store, once available.
    public var snapshotPath: String?
    public var logPath: String?
    public var createdAt: Date
    public var finishedAt: Date?
    /// Why the prebuild failed, for `failed`.
    public var failure: String?

    public init(
        id: String, cloneURL: String, commit: String, state: State = .queued, snapshotPath: String? = nil,
        logPath: String? = nil, createdAt: Date, finishedAt: Date? = nil, failure: String? = nil
    ) {
        self.id = id
        self.cloneURL = cloneURL
        self.commit = commit
        self.state = state
        self.snapshotPath = snapshotPath
        self.logPath = logPath
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.failure = failure
    }
}
