import Foundation

/// A workspace image build, keyed by the content-hash tag of what it builds.
public struct ImageBuild: Sendable, Hashable {
    /// Where a build is.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case building
        case done
        case failed
    }

    /// The content-hash tag the image gets; the build's identity.
    public var tag: String
    public var state: State
    /// The build log's path.
    public var logPath: String
    public var startedAt: Date
    public var finishedAt: Date?
    /// Why the build failed, for `failed`.
    public var failure: String?

    public init(
        tag: String, state: State = .building, logPath: String, startedAt: Date, finishedAt: Date? = nil,
        failure: String? = nil
    ) {
        self.tag = tag
        self.state = state
        self.logPath = logPath
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.failure = failure
    }
}
