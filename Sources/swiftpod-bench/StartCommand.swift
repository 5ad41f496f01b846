import Basics
import CommandLineKit
import ContainerEngine
import Foundation
import ImageBuilder
import Store
import WorkspaceManager

/// `swiftpod-bench start`: a fresh start and a restart from a large backup, through the workspace manager.
struct StartCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Times a workspace's fresh start, its stop with a backup of a large tree, and its restart.",
        discussion: """
            Runs a WorkspaceManager over a SQLite store, a local content store and Podman, all in --data-dir. \
            Fresh starts: --runs new workspaces of --repository, each timed from start until it returns running, \
            with each phase's time from the instance's phase times. The first workspace's content is then replaced \
            by --tree (owned by the workspace user), and it is stopped (a backup of the tree) and restarted from \
            that backup --runs times. Prints PHASE lines (kind, phase, median seconds) and a BENCH line: \
            fresh_start_s, restart_s, stop_s and the tree's size.
            """,
        parameters: [
            .option("repository", valueName: "url", help: "The repository of the fresh starts (a file:// URL)."),
            .option("tree", valueName: "path", help: "The tree that replaces the workspace's content before a stop."),
            .option("runs", valueName: "count", default: "5", help: "How many times each start is timed."),
            .option("data-dir", valueName: "path", help: "The manager's data directory: a new or empty directory."),
            .option(
                "engine", valueName: "url",
                help: "The container engine's socket, unix:///path (default: the usual sockets, or a Podman service "
                    + "started in the data directory)."),
            .option("binaries", valueName: "path", help: "The directory of the workspace binaries (supervisor, gp)."),
            .option(
                "restart-pause", valueName: "seconds", default: "31",
                help: "How long to wait between a stop and the restart, as a user would (ext4 without a journal "
                    + "avoids inodes deleted in the last 30 s, which slows a restore right after a stop)."),
        ]
    )

    let repository: String
    let tree: String
    let runs: Int
    let dataDirectory: String
    let engine: String?
    let binaries: String
    let restartPause: Int

    init(parsed: ParsedArguments) throws {
        repository = try parsed.required("repository")
        tree = try parsed.required("tree")
        runs = try parsed.required("runs", as: Int.self)
        dataDirectory = try parsed.required("data-dir")
        engine = parsed.string("engine")
        binaries = try parsed.required("binaries")
        restartPause = try parsed.required("restart-pause", as: Int.self)
        guard (0...3600).contains(restartPause) else {
            throw ValidationError("invalid value '\(restartPause)' for '--restart-pause': expected 0 to 3600 seconds")
        }
        if let engine, (try? EngineLocator.socketPath(fromURL: engine)) == nil {
            throw ValidationError("invalid value '\(engine)' for '--engine': use unix:///path/to/socket")
        }
        guard (1...100).contains(runs) else {
            throw ValidationError("invalid value '\(runs)' for '--runs': expected 1 to 100")
        }
    }

    func run() async throws {
        for binary in ["swiftpod-supervisor", "gp"]
        where !FileManager.default.isExecutableFile(atPath: "\(binaries)/\(binary)") {
            throw BenchError(
                "\(binaries)/\(binary) is missing: build the workspace binaries (scripts/build-workspace-binaries "
                    + "release)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BenchError("the tree \(tree) is not a directory")
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        guard try FileManager.default.contentsOfDirectory(atPath: dataDirectory).isEmpty else {
            throw BenchError("the data directory \(dataDirectory) is not empty: give a new or empty one")
        }
        // SWIFTPOD_BENCH_LOG_LEVEL=debug shows, with their times, the steps each phase is made of.
        let level =
            ProcessInfo.processInfo.environment["SWIFTPOD_BENCH_LOG_LEVEL"].flatMap { LogLevel(name: $0) } ?? .warning
        let logger = Logger(
            label: "swiftpod-bench", level: level, handler: StreamLogHandler.standardError(format: .logfmt))
        // A loaded machine may take well over the default 30 s to start a Podman service.
        let connection = try await EngineLocator.locate(
            explicit: engine, dataDirectory: dataDirectory, startTimeout: .seconds(180), logger: logger)
        do {
            let bench = try await StartBenchmark(
                client: connection.client, options: self, logger: logger)
            let results = try await bench.run()
            results.print()
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }
}
