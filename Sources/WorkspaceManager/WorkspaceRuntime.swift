import Foundation

/// What a workspace container is made from.
public struct WorkspaceContainerRequest: Sendable, Hashable {
    public var workspaceID: String
    public var instanceID: String
    /// The image reference.
    public var image: String
    /// The host directories mounted into the container.
    public var directory: WorkspaceDirectory
    /// The host id of the container's root; the container maps `idRangeSize` ids from there.
    public var hostIDOffset: Int
    public var idRangeSize: Int
    /// The container's environment (the `GITPOD_*` variables and the configuration's).
    public var environment: [String: String]
    /// The directory the tasks start in, inside the container (the repository's root).
    public var workspaceDirectory: String
    /// Whether the content is a fresh checkout, so the tasks' `init` runs.
    public var fresh: Bool
    public var limits: WorkspaceLimits

    public init(
        workspaceID: String, instanceID: String, image: String, directory: WorkspaceDirectory, hostIDOffset: Int,
        idRangeSize: Int = 65_536, environment: [String: String], workspaceDirectory: String, fresh: Bool,
        limits: WorkspaceLimits = WorkspaceLimits()
    ) {
        self.workspaceID = workspaceID
        self.instanceID = instanceID
        self.image = image
        self.directory = directory
        self.hostIDOffset = hostIDOffset
        self.idRangeSize = idRangeSize
        self.environment = environment
        self.workspaceDirectory = workspaceDirectory
        self.fresh = fresh
        self.limits = limits
    }
}

/// The resources a workspace container may use.
public struct WorkspaceLimits: Sendable, Hashable {
    /// Memory in bytes; nil for no limit.
    public var memoryBytes: Int64?
    /// CPUs, in billionths of a CPU; nil for no limit.
    public var nanoCPUs: Int64?
    /// The most processes and threads.
    public var pids: Int64?

    public init(memoryBytes: Int64? = nil, nanoCPUs: Int64? = nil, pids: Int64? = 4096) {
        self.memoryBytes = memoryBytes
        self.nanoCPUs = nanoCPUs
        self.pids = pids
    }
}

/// A workspace container as the runtime sees it.
public struct WorkspaceContainer: Sendable, Hashable {
    public var id: String
    public var workspaceID: String?
    public var instanceID: String?
    public var running: Bool

    public init(id: String, workspaceID: String?, instanceID: String?, running: Bool) {
        self.id = id
        self.workspaceID = workspaceID
        self.instanceID = instanceID
        self.running = running
    }
}

/// Runs workspace containers: the Docker Engine API (Podman or Docker) now, Kubernetes pods later.
public protocol WorkspaceRuntime: Sendable {
    /// Creates (does not start) the container of `request`, with the supervisor as its entrypoint, and returns its
    /// ID.
    func createContainer(_ request: WorkspaceContainerRequest) async throws -> String
    /// Starts a created container.
    func startContainer(id: String) async throws
    /// Stops a container: SIGTERM to the supervisor, which gives its tasks the runtime's grace period before killing
    /// them; the engine kills the container if it is still there well after that. Stopping a stopped or missing
    /// container is not an error.
    func stopContainer(id: String) async throws
    /// Removes a container (killing it if it still runs); removing a missing one is not an error.
    func removeContainer(id: String) async throws
    /// The container `id`, or nil when it does not exist.
    func container(id: String) async throws -> WorkspaceContainer?
    /// Every workspace container, running or not (those labelled as Swiftpod's).
    func containers() async throws -> [WorkspaceContainer]
    /// Waits until the supervisor in container `id` (its socket in `directory`) reports every task started.
    /// - Throws: when the container ends first, or `timeout` passes.
    func waitUntilReady(containerID id: String, directory: WorkspaceDirectory, timeout: Duration) async throws
    /// When the user was last active in the workspace, as its supervisor reports it.
    func lastActivity(directory: WorkspaceDirectory) async throws -> Date
}
