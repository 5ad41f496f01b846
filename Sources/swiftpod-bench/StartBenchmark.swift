import Basics
import ContainerEngine
import Content
import Foundation
import ImageBuilder
import Store
import WorkspaceConfig
import WorkspaceManager

/// Fresh starts, stops and restarts of workspaces through a `WorkspaceManager` on the real parts.
struct StartBenchmark {
    let options: StartCommand
    let store: SQLiteStore
    let runtime: PodmanWorkspaceRuntime
    let manager: WorkspaceManager
    let commit: String
    let logger: Logger

    /// One timed start or stop: its total, and how long the instance spent in each phase on the way.
    struct Timing {
        var total: Double
        var phases: [(phase: InstancePhase, seconds: Double)]
    }

    /// Every timing, by kind.
    struct Results {
        var fresh: [Timing] = []
        var stops: [Timing] = []
        /// Restarts from the files the stop kept (the default).
        var restarts: [Timing] = []
        /// Restarts that restore the backup, the kept files having been removed first (as after their time is up).
        var restoringRestarts: [Timing] = []
        /// GNU's restore of the same backup in the state a restoring restart meets: right after the live files
        /// were removed, after the same pause.
        var gnuRestoresAfterStop: [Double] = []
        var treeBytes: Int64 = 0
    }

    init(client: EngineClient, options: StartCommand, logger: Logger) async throws {
        self.options = options
        self.logger = logger
        progress("start: making sure the engine has \(BaseImageBootstrap.reference)")
        _ = try await BaseImageBootstrap(client: client, dataDirectory: options.dataDirectory, logger: logger).run()
        store = try await SQLiteStore.open(path: options.dataDirectory + "/swiftpod.db")
        runtime = PodmanWorkspaceRuntime(
            client: client, binariesDirectory: options.binaries, installation: "swiftpod-bench-\(getpid())")
        let cache = RepositoryCache(
            dataDirectory: options.dataDirectory, git: try GitCLI(), allowsLocalRepositories: true)
        manager = WorkspaceManager(
            store: store, contentStore: LocalContentStore(root: options.dataDirectory + "/content"), runtime: runtime,
            imageResolver: RepositoryImageResolver(
                resolver: ImageResolver(client: client, dataDirectory: options.dataDirectory, logger: logger),
                cache: cache, scratchDirectory: options.dataDirectory + "/tmp"),
            contentInitializer: GitContentInitializer(cache: cache),
            configuration: WorkspaceManagerConfiguration(dataDirectory: options.dataDirectory), logger: logger)
        commit = try await Self.headCommit(of: options.repository)
    }

    func run() async throws -> Results {
        var results = Results()
        var created: [String] = []
        do {
            try await store.createUser(
                User(id: "bench", username: "bench", displayName: "Bench", email: "bench@localhost", createdAt: Date()))
            for run in 1...options.runs {
                let id = "bench-fresh-\(run)"
                try await createWorkspace(id)
                created.append(id)
                progress("start: fresh start \(run)/\(options.runs)")
                let timing = try await timedStart(id)
                results.fresh.append(timing)
                progress("start: fresh start \(run)/\(options.runs): \(Format.seconds(timing.total)) s")
                if run > 1 {
                    try await manager.stop(workspaceID: id)
                    try await manager.delete(workspaceID: id)
                }
            }
            let workspace = created[0]
            results.treeBytes = try await replaceContent(of: workspace)
            for run in 1...options.runs {
                progress("start: stop with a backup, then restart from the kept files \(run)/\(options.runs)")
                results.stops.append(try await timedStop(workspace))
                try await pause(before: "the restart")
                let timing = try await timedStart(workspace)
                results.restarts.append(timing)
                progress(
                    "start: stop \(Format.seconds(results.stops.last?.total ?? 0)) s, restart "
                        + "\(Format.seconds(timing.total)) s")
                progress("start: stop, remove the kept files, then restart from the backup \(run)/\(options.runs)")
                results.stops.append(try await timedStop(workspace))
                try await removeKeptFiles(of: workspace)
                try await pause(before: "the restoring restart")
                let restoring = try await timedStart(workspace)
                results.restoringRestarts.append(restoring)
                progress("start: restart from the backup \(Format.seconds(restoring.total)) s")
            }
            for run in 1...options.runs {
                progress("start: GNU's restore of the backup right after a stop \(run)/\(options.runs)")
                try await manager.stop(workspaceID: workspace)
                try await removeKeptFiles(of: workspace)
                try await pause(before: "GNU's restore")
                results.gnuRestoresAfterStop.append(try await timedGNURestore(of: workspace))
                if run < options.runs { _ = try await manager.start(workspaceID: workspace) }
            }
            try await manager.delete(workspaceID: workspace)
        } catch {
            await removeContainers(of: created)
            await manager.shutdown()
            await store.close()
            throw error
        }
        await removeContainers(of: created)
        await manager.shutdown()
        await store.close()
        return results
    }

    /// Waits `--restart-pause` seconds: a user restarts later, and ext4 without a journal, as here, avoids inodes
    /// deleted in the last 30 s.
    private func pause(before what: String) async throws {
        guard options.restartPause > 0 else { return }
        progress("start: waiting \(options.restartPause) s before \(what)")
        try await Task.sleep(for: .seconds(options.restartPause))
    }

    /// Removes the files the stop of `workspaceID` kept, as the reconciler does once their time is up.
    private func removeKeptFiles(of workspaceID: String) async throws {
        guard try await manager.removeKeptFiles(workspaceID: workspaceID) else {
            throw BenchError("the stop of \(workspaceID) kept no files")
        }
    }

    /// Starts `workspaceID` and times it until it runs; the phases come from the instance's phase times.
    private func timedStart(_ workspaceID: String) async throws -> Timing {
        let start = ContinuousClock.now
        let instance = try await manager.start(workspaceID: workspaceID)
        let total = (ContinuousClock.now - start).seconds
        let stored = try await store.instance(id: instance.id)
        let phases = Self.phases(stored.phaseTimes.isEmpty ? instance : stored)
        return Timing(total: total, phases: phases.filter { Self.startPhases.contains($0.phase) })
    }

    /// Times `zstd -d | tar -x` of the workspace's newest backup into a new directory, then removes it (untimed).
    private func timedGNURestore(of workspaceID: String) async throws -> Double {
        let content = options.dataDirectory + "/content"
        let archives = (FileManager.default.enumerator(atPath: content)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".tar.zst") && $0.contains(workspaceID) }
            .map { content + "/" + $0 }
        let newest = try archives.max { try Self.modified($0) < Self.modified($1) }
        guard let archive = newest else { throw BenchError("no backup of \(workspaceID) under \(content)") }
        let target = options.dataDirectory + "/gnu-restore"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let seconds = try await Shell.run(
            #"zstd -d -q -c -- "$1" | tar -xf - -C "$2""#, [archive, target],
            log: options.dataDirectory + "/gnu-restore.log")
        try FileManager.default.removeItem(atPath: target)
        return seconds
    }

    private static func modified(_ path: String) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date ?? .distantPast
    }

    /// The phases of a start, up to running.
    static let startPhases: Set<InstancePhase> = [.preparing, .building, .pending, .creating, .initializing]

    /// Stops `workspaceID` (its backup included) and times it until it is stopped.
    private func timedStop(_ workspaceID: String) async throws -> Timing {
        let start = ContinuousClock.now
        let instance = try await manager.stop(workspaceID: workspaceID)
        let total = (ContinuousClock.now - start).seconds
        let stored = try await store.instance(id: instance.id)
        let phases = Self.phases(stored.phaseTimes.isEmpty ? instance : stored)
        return Timing(total: total, phases: phases.filter { $0.phase == .stopping })
    }

    /// How long the instance stayed in each phase it passed through, in the lifecycle's order; the last phase it
    /// reached has no duration and is left out.
    static func phases(_ instance: WorkspaceInstance) -> [(phase: InstancePhase, seconds: Double)] {
        let reached = InstancePhase.allCases.compactMap { phase in instance.phaseTimes[phase].map { (phase, $0) } }
        return zip(reached, reached.dropFirst()).map { ($0.0, $1.1.timeIntervalSince($0.1)) }
    }

    /// Replaces the running workspace's files by the tree, owned by the workspace user; returns the tree's bytes.
    private func replaceContent(of workspaceID: String) async throws -> Int64 {
        progress("start: replacing the content of \(workspaceID) by \(options.tree)")
        guard let instance = try await store.currentInstance(workspaceID: workspaceID),
            let offset = instance.hostIDOffset
        else { throw BenchError("workspace \(workspaceID) has no running instance with a host id offset") }
        let content = manager.directory(workspaceID: workspaceID).content
        let owner = "\(offset + BaseImageBootstrap.userID):\(offset + BaseImageBootstrap.userID)"
        let log = options.dataDirectory + "/replace-content.log"
        _ = try await Shell.run(
            "find \"$1\" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + && cp -a -- \"$2/.\" \"$1/\" "
                + "&& chown -hR -- \"$3\" \"$1\" && sync",
            [content, options.tree, owner], log: log)
        let tree = options.tree
        return try await onOwnThread { try TreeSize.bytes(of: tree) }
    }

    private func createWorkspace(_ id: String) async throws {
        try await store.createWorkspace(
            Workspace(
                id: id, ownerID: "bench", contextURL: options.repository, cloneURL: options.repository, ref: "main",
                refType: .branch, commit: commit, configuration: WorkspaceConfiguration().jsonText(),
                createdAt: Date()))
    }

    /// Removes what is left of the workspaces' containers (after a failure).
    private func removeContainers(of workspaceIDs: [String]) async {
        for container in (try? await runtime.containers()) ?? []
        where container.workspaceID.map(workspaceIDs.contains) == true {
            try? await runtime.removeContainer(id: container.id)
        }
    }

    /// The commit `HEAD` names in the repository at `url`.
    private static func headCommit(of url: String) async throws -> String {
        let directory = try WorkDirectory(explicit: nil, prefix: "swiftpod-bench-ls-remote")
        defer { directory.removeIfOwned() }
        let output = directory.path + "/ls-remote"
        _ = try await Shell.run("git ls-remote -- \"$1\" HEAD > \"$2\"", [url, output], log: directory.path + "/log")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        guard let commit = text.split(separator: "\t").first, commit.count == 40 else {
            throw BenchError("git ls-remote \(url) HEAD gave no commit: '\(text)'")
        }
        return String(commit)
    }
}

extension StartBenchmark.Results {
    /// Prints each kind's total and phases (PHASE lines: kind, phase, median seconds, the runs) and the BENCH line.
    func print() {
        func runs(_ values: [Double]) -> String {
            "runs: " + values.map(Format.seconds).joined(separator: " ")
        }
        func report(_ kind: String, _ label: String, _ timings: [StartBenchmark.Timing]) {
            let totals = timings.map(\.total)
            Swift.print("\(label): \(Format.seconds(Statistics.median(totals))) s median, \(runs(totals))")
            for phase in InstancePhase.allCases {
                let values = timings.compactMap { timing in timing.phases.first { $0.phase == phase }?.seconds }
                guard !values.isEmpty else { continue }
                Swift.print(
                    "PHASE \(kind) \(phase.rawValue) \(Format.seconds(Statistics.median(values))) \(runs(values))")
            }
        }
        report("fresh", "fresh start", fresh)
        report("stop", "stop with a backup of \(Format.mebibytes(treeBytes)) MiB", stops)
        report("restart", "restart from the files the stop kept", restarts)
        report("restore", "restart from the backup, the kept files removed", restoringRestarts)
        let gnu = Statistics.median(gnuRestoresAfterStop)
        Swift.print("GNU restore of that backup right after removing the files: \(Format.seconds(gnu)) s median")
        Swift.print(
            "BENCH fresh_start_s=\(Format.seconds(Statistics.median(fresh.map(\.total)))) "
                + "stop_s=\(Format.seconds(Statistics.median(stops.map(\.total)))) "
                + "restart_s=\(Format.seconds(Statistics.median(restarts.map(\.total)))) "
                + "restore_restart_s=\(Format.seconds(Statistics.median(restoringRestarts.map(\.total)))) "
                + "gnu_restore_after_stop_s=\(Format.seconds(gnu)) tree_bytes=\(treeBytes)")
    }
}
