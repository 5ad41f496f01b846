import Basics

/// The workspace manager's metrics, named as Gitpod's ws-manager names them (with `swiftpod_` for `gitpod_`), so
/// that dashboards and alerts written for Gitpod carry over: starts and their failures, the start-duration histogram
/// with Gitpod's buckets (2 s doubling to 1024 s), stops by reason, and backups and restores with their failures.
public struct WorkspaceMetrics: Sendable {
    /// Why a workspace stopped: the `reason` label of the stops counter, with Gitpod's values.
    public enum StopReason: String, Sendable, CaseIterable {
        /// Asked for by the user (the API, the CLI, `gp stop`).
        case regular
        /// Its inactivity timeout or maximum lifetime passed.
        case timeout
        /// It failed while running (its container vanished or stopped on its own, or its backup failed).
        case failed
        /// Its start failed or was abandoned.
        case startFailure = "start-failure"
    }

    /// The start-duration buckets: Gitpod's `ExponentialBuckets(2, 2, 10)`.
    public static let startupBuckets: [Double] = (0..<10).map { Double(2 << $0) }

    static let prefix = "swiftpod_ws_manager_"

    private let starts: Counter
    private let startFailures: Counter
    private let startup: Histogram
    private let backups: Counter
    private let backupFailures: Counter
    private let restores: Counter
    private let restoreFailures: Counter
    private let stops: [StopReason: Counter]

    /// The metrics, registered in `registry`; every series exists from the start, at zero.
    public init(registry: MetricsRegistry = MetricsRegistry()) {
        let prefix = Self.prefix
        starts = registry.counter(prefix + "workspace_starts_total", help: "Workspace starts begun.")
        startFailures = registry.counter(
            prefix + "workspace_starts_failure_total", help: "Workspace starts that failed.")
        startup = registry.histogram(
            prefix + "workspace_startup_seconds", help: "Time from a start's request until the workspace runs.",
            buckets: Self.startupBuckets)
        backups = registry.counter(prefix + "workspace_backups_total", help: "Workspace backups begun.")
        backupFailures = registry.counter(
            prefix + "workspace_backups_failure_total", help: "Workspace backups that failed.")
        restores = registry.counter(
            prefix + "workspace_restores_total", help: "Workspace restores from a backup begun.")
        restoreFailures = registry.counter(
            prefix + "workspace_restores_failure_total", help: "Workspace restores that failed.")
        stops = Dictionary(
            uniqueKeysWithValues: StopReason.allCases.map { reason in
                (
                    reason,
                    registry.counter(
                        prefix + "workspace_stops_total", help: "Workspaces stopped, by reason.",
                        labels: ["reason": reason.rawValue])
                )
            })
    }

    func startBegan() { starts.increment() }

    func startSucceeded(after seconds: Double) { startup.observe(seconds) }

    func startFailed() { startFailures.increment() }

    func stopped(_ reason: StopReason) { stops[reason]?.increment() }

    func backupBegan() { backups.increment() }

    func backupFailed() { backupFailures.increment() }

    func restoreBegan() { restores.increment() }

    func restoreFailed() { restoreFailures.increment() }
}
