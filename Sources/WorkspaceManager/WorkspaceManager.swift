import Basics
import Content
import Foundation
import Store

/// What a workspace manager is set up with.
public struct WorkspaceManagerConfiguration: Sendable {
    /// The data directory: workspaces live under `workspaces/<id>/`.
    public var dataDirectory: String
    /// The server's public URL; workspace `<id>` is at `<scheme>://<id>.<host>`.
    public var publicURL: String
    public var timeouts: WorkspaceTimeouts
    /// The host id ranges containers map to.
    public var idRanges: HostIDRanges
    public var limits: WorkspaceLimits
    /// How much a restore may create.
    public var restoreLimits: RestoreLimits
    /// How long a stopped workspace's files stay on this host beside its backup.
    public var keptFiles: KeptFilesPolicy

    public init(
        dataDirectory: String, publicURL: String = "http://localhost:8080",
        timeouts: WorkspaceTimeouts = WorkspaceTimeouts(), idRanges: HostIDRanges = HostIDRanges(),
        limits: WorkspaceLimits = WorkspaceLimits(), restoreLimits: RestoreLimits = RestoreLimits(),
        keptFiles: KeptFilesPolicy = KeptFilesPolicy()
    ) {
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.timeouts = timeouts
        self.idRanges = idRanges
        self.limits = limits
        self.restoreLimits = restoreLimits
        self.keptFiles = keptFiles
    }
}

/// How long a stopped workspace's files stay on the host after its backup, so that its next start needs no restore
/// (as Coder and DevPod keep a workspace's volume); the backup stays the copy that counts. Kept files go once they
/// are older than `duration`, and earlier, oldest first, while the data directory's file system is short of space.
public struct KeptFilesPolicy: Sendable, Hashable {
    /// How long after a stop the files stay; zero keeps none, so every start restores its backup (as Gitpod does).
    public var duration: Duration
    /// Below this fraction of free space, a stop keeps nothing and the reconciler removes kept files.
    public var minimumFreeFraction: Double

    /// Seven days, and at least a tenth of the disk free.
    public init(duration: Duration = .seconds(7 * 86_400), minimumFreeFraction: Double = 0.1) {
        self.duration = duration
        self.minimumFreeFraction = minimumFreeFraction
    }

    /// Keeps nothing: every start restores the workspace's backup.
    public static let never = KeptFilesPolicy(duration: .zero)
}

/// Starts, stops and deletes workspaces, many at once, and keeps the store and the engine in agreement: Gitpod's
/// ws-manager and ws-daemon in one actor.
///
/// Every phase change goes through the store's compare-and-set and is published on `events()`. One operation runs
/// per workspace at a time; operations on different workspaces run concurrently. A start cancelled half-way is
/// treated like a crash: nothing is undone, and the reconciler (of this manager or the next) retires the instance.
public actor WorkspaceManager {
    let store: any Store
    let contentStore: any ContentStore
    let runtime: any WorkspaceRuntime
    let imageResolver: any WorkspaceImageResolver
    let contentInitializer: any WorkspaceContentInitializer
    public nonisolated let configuration: WorkspaceManagerConfiguration
    let logger: Logger
    let now: @Sendable () -> Date
    let metrics: WorkspaceMetrics
    let userEnvironment: UserEnvironmentSource
    private let broadcaster = PhaseChangeBroadcaster()

    /// What runs on each workspace now; other operations on it are refused meanwhile.
    var busy: [String: Operation] = [:]
    /// Host id offsets handed to starts that have not recorded them yet.
    var reservedOffsets: Set<Int> = []
    /// Opens and closes the workspaces' server channels; its owner keeps it.
    weak var channelHost: (any WorkspaceChannelHost)?

    /// An operation on a workspace.
    enum Operation: String {
        case starting, stopping, deleting
        case removingKeptFiles = "removing its kept files"
    }

    /// The environment variables a workspace's owner has set for its repository, read at each start.
    public typealias UserEnvironmentSource = @Sendable (Workspace) async throws -> [String: String]

    /// - Parameters:
    ///   - metrics: where starts, stops, backups and restores are counted.
    ///   - userEnvironment: the owner's variables for a workspace, put into its container at each start (below the
    ///     context URL's variables, above the configuration's).
    ///   - now: the clock for phase times and timeouts.
    public init(
        store: any Store, contentStore: any ContentStore, runtime: any WorkspaceRuntime,
        imageResolver: any WorkspaceImageResolver, contentInitializer: any WorkspaceContentInitializer,
        configuration: WorkspaceManagerConfiguration, logger: Logger, metrics: WorkspaceMetrics = WorkspaceMetrics(),
        userEnvironment: @escaping UserEnvironmentSource = { _ in [:] },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.contentStore = contentStore
        self.runtime = runtime
        self.imageResolver = imageResolver
        self.contentInitializer = contentInitializer
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.userEnvironment = userEnvironment
        self.now = now
    }

    /// The phase changes from now on, of every workspace.
    public nonisolated func events() -> AsyncStream<PhaseChange> {
        broadcaster.stream()
    }

    /// The live directories of workspace `workspaceID`.
    public nonisolated func directory(workspaceID: String) -> WorkspaceDirectory {
        WorkspaceDirectory(dataDirectory: configuration.dataDirectory, workspaceID: workspaceID)
    }

    /// Ends the event streams.
    public func shutdown() {
        broadcaster.finish()
    }

    // MARK: Shared steps

    /// Marks `workspaceID` busy with `operation`.
    /// - Throws: `.invalidState` when another operation runs on it.
    func claim(_ workspaceID: String, for operation: Operation) throws {
        if let running = busy[workspaceID] {
            throw WorkspaceManagerError(
                code: .invalidState,
                message: "workspace \(workspaceID) is \(running.rawValue) now; try again when that has finished")
        }
        busy[workspaceID] = operation
    }

    func release(_ workspaceID: String) {
        busy[workspaceID] = nil
    }

    /// Moves `instance` from its phase to `phase` through the store's compare-and-set, and publishes the change.
    /// - Throws: `.invalidState` when the lifecycle forbids the move, or the instance moved meanwhile.
    func move(
        _ instance: inout WorkspaceInstance, to phase: InstancePhase, failureReason: String? = nil
    ) async throws {
        guard InstanceLifecycle.allows(from: instance.phase, to: phase) else {
            throw WorkspaceManagerError(
                code: .invalidState,
                message: "instance \(instance.id) cannot go from \(instance.phase.rawValue) to \(phase.rawValue)")
        }
        let at = now()
        guard
            try await store.updateInstancePhase(
                id: instance.id, from: instance.phase, to: phase, at: at, failureReason: failureReason)
        else {
            let actual = (try? await store.instance(id: instance.id).phase.rawValue) ?? "unknown"
            throw WorkspaceManagerError(
                code: .invalidState,
                message: "instance \(instance.id) was expected in \(instance.phase.rawValue) but is \(actual)")
        }
        instance.phase = phase
        instance.phaseTimes[phase] = at
        if phase.isFinal { instance.stoppedAt = instance.stoppedAt ?? at }
        if let failureReason { instance.failureReason = failureReason }
        published(instance)
    }

    /// Logs and publishes that `instance` has entered its phase.
    func published(_ instance: WorkspaceInstance) {
        let phase = instance.phase
        let at = instance.phaseTimes[phase] ?? now()
        let failureReason = phase == .failed ? instance.failureReason : nil
        logger.info(
            "workspace \(instance.workspaceID) is \(phase.rawValue)" + (failureReason.map { ": \($0)" } ?? ""),
            ["workspace.id": instance.workspaceID, "instance.id": instance.id])
        broadcaster.publish(
            PhaseChange(
                workspaceID: instance.workspaceID, instanceID: instance.id, phase: phase, at: at,
                failureReason: failureReason))
    }

    /// Moves `instance` to `failed` with `reason` from whatever phase it is in now, unless it has already ended.
    func markFailed(_ instance: inout WorkspaceInstance, reason: String) async {
        for _ in 0..<3 {
            if let stored = try? await store.instance(id: instance.id) { instance.phase = stored.phase }
            guard !instance.phase.isFinal else { return }
            do {
                try await move(&instance, to: .failed, failureReason: reason)
                return
            } catch {
                logger.warning("cannot mark instance \(instance.id) failed: \(error)")
            }
        }
    }

    /// A free host id range, reserved until `releaseOffset`: `preferred` when it is free (the range kept files are
    /// owned in), else one that no other workspace's kept files are owned in, else any free one.
    func reserveOffset(preferring preferred: Int? = nil) async throws -> Int {
        let active = try await store.instances(inPhases: InstanceLifecycle.activePhases)
        let used = Set(active.compactMap(\.hostIDOffset)).union(reservedOffsets)
        let ranges = configuration.idRanges
        let keptElsewhere = Set(keptFiles().map(\.kept.hostIDOffset)).subtracting(preferred.map { [$0] } ?? [])
        let chosen =
            preferred.flatMap { ranges.isFree($0, excluding: used) ? $0 : nil }
            ?? ranges.firstFree(excluding: used.union(keptElsewhere)) ?? ranges.firstFree(excluding: used)
        guard let offset = chosen else {
            throw WorkspaceManagerError(
                code: .noIDRange,
                message: "all \(configuration.idRanges.capacity) host id ranges are in use: stop a workspace first")
        }
        reservedOffsets.insert(offset)
        return offset
    }

    func releaseOffset(_ offset: Int) {
        reservedOffsets.remove(offset)
    }
}
