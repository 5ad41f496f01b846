import WorkspaceConfig

/// Where a workspace's repository is, for an image built from a Dockerfile in it.
public struct WorkspaceRepository: Sendable, Hashable {
    public var cloneURL: String
    /// The commit whose files the image is built from.
    public var commit: String

    public init(cloneURL: String, commit: String) {
        self.cloneURL = cloneURL
        self.commit = commit
    }
}

/// Where an image resolution reports what it does: that a build has started (the instance moves to `building`) and
/// the build's log lines.
public struct ImageBuildLog: Sendable {
    private let started: @Sendable () async -> Void
    private let line: @Sendable (String) -> Void

    /// A log that calls `buildStarted` when a build starts and `line` for each line of output.
    public init(
        buildStarted: @escaping @Sendable () async -> Void = {}, line: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.started = buildStarted
        self.line = line
    }

    /// Says that the image must be built, before building it.
    public func buildStarted() async { await started() }

    /// One line of build output.
    public func write(_ text: String) { line(text) }
}

/// Chooses, and builds when needed, the image a workspace runs.
public protocol WorkspaceImageResolver: Sendable {
    /// The image reference for `configuration`: the default image, a named one, or one built from the repository's
    /// Dockerfile (reported through `log` as it builds).
    /// - Parameters:
    ///   - configuration: the workspace's configuration (its `image`).
    ///   - repository: the repository and commit a Dockerfile comes from.
    ///   - log: where to say that a build starts, and to write its output.
    /// - Returns: an image reference the runtime can create a container from.
    func resolve(
        configuration: WorkspaceConfiguration, repository: WorkspaceRepository, log: ImageBuildLog
    ) async throws -> String
}
