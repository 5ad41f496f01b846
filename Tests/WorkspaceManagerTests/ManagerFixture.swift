import Basics
import ContainerEngine
import Content
import Foundation
import ImageBuilder
import Store
import Synchronization
import TestSupport
import Testing
import WorkspaceConfig
import WorkspaceManager

/// A manager over the real parts: a private Podman service, the base image, `SQLiteStore` and `LocalContentStore`
/// in a temporary data directory.
struct ManagerFixture: Sendable {
    let client: EngineClient
    let store: SQLiteStore
    let contentStore: LocalContentStore
    let runtime: PodmanWorkspaceRuntime
    let dataDirectory: String
    let clock = TestClock()
    let logs = CapturingLogHandler()
    /// The registry every manager of this fixture counts in.
    let metrics = MetricsRegistry()

    /// How long the supervisor gives tasks after SIGTERM in these tests.
    static let gracePeriod: Duration = .seconds(2)
    /// The longest any manager call here may take: beyond the runtime's own engine deadline, as the engine shared
    /// with other test processes may make a call wait on its storage lock.
    static let operationTimeout: Duration = .seconds(240)

    /// Runs `body` with a fixture on its own engine service and data directory.
    static func with(
        prefix: String, _ body: @Sendable (ManagerFixture) async throws -> Void
    ) async throws {
        let binaries = try await WorkspaceBinaries.directory()
        try await withEngine(prefix: prefix) { client, directory in
            _ = try await withTimeout(.seconds(1800)) {
                try await BaseImageBootstrap(client: client, dataDirectory: directory.path, logger: .disabled).run()
            }
            let store = try await SQLiteStore.open(path: directory.path + "/swiftpod.db")
            let fixture = ManagerFixture(
                client: client, store: store, contentStore: LocalContentStore(root: directory.path + "/content"),
                runtime: PodmanWorkspaceRuntime(
                    client: client, binariesDirectory: binaries,
                    installation: URL(fileURLWithPath: directory.path).lastPathComponent,
                    stopGracePeriod: gracePeriod),
                dataDirectory: directory.path)
            do {
                try await body(fixture)
            } catch {
                await fixture.removeContainers()
                await store.close()
                throw error
            }
            await fixture.removeContainers()
            await store.close()
        }
    }

    /// A new manager over this fixture's store, content store and engine.
    func manager(
        initializer: any WorkspaceContentInitializer = FileWritingInitializer(),
        imageResolver: any WorkspaceImageResolver = BaseImageResolver(),
        timeouts: WorkspaceTimeouts = WorkspaceTimeouts(), idRanges: HostIDRanges = HostIDRanges(),
        keptFiles: KeptFilesPolicy = KeptFilesPolicy(),
        userEnvironment: @escaping WorkspaceManager.UserEnvironmentSource = { _ in [:] }
    ) -> WorkspaceManager {
        WorkspaceManager(
            store: store, contentStore: contentStore, runtime: runtime, imageResolver: imageResolver,
            contentInitializer: initializer,
            configuration: WorkspaceManagerConfiguration(
                dataDirectory: dataDirectory, timeouts: timeouts, idRanges: idRanges,
                limits: WorkspaceLimits(pids: 500), keptFiles: keptFiles),
            logger: Logger(label: "test", level: .debug, handler: logs), metrics: WorkspaceMetrics(registry: metrics),
            userEnvironment: userEnvironment, now: { [clock] in clock.now })
    }

    /// Adds a user and the workspace `id` with `configuration`.
    func createWorkspace(_ id: String, configuration: WorkspaceConfiguration = WorkspaceConfiguration()) async throws {
        if (try? await store.user(id: "u1")) == nil {
            try await store.createUser(
                User(id: "u1", username: "ada", displayName: "Ada", email: "ada@example.com", createdAt: clock.now))
        }
        try await store.createWorkspace(
            Workspace(
                id: id, ownerID: "u1", contextURL: "https://example.com/ada/project",
                cloneURL: "https://example.com/ada/project.git", ref: "main", refType: .branch, commit: "abc123",
                configuration: configuration.jsonText(), environmentVariables: #"{"USER_VARIABLE":"from-user"}"#,
                createdAt: clock.now))
    }

    /// Runs `command` in the workspace container as `gitpod`, and returns its standard output.
    func execute(_ containerID: String, _ command: String) async throws -> String {
        let result = try await client.exec(containerID, command: ["sh", "-c", command], user: "gitpod")
        let output = String(decoding: result.output.standardOutput, as: UTF8.self)
        let errors = String(decoding: result.output.standardError, as: UTF8.self)
        try #require(result.exitCode == 0, "\(command): \(output)\(errors)")
        return output
    }

    /// The workspace containers the engine has.
    func workspaceContainers() async throws -> [WorkspaceContainer] {
        try await runtime.containers()
    }

    /// The value of the metric series `series` (its name and any labels, as `/metrics` writes it), or nil when
    /// it is not there.
    func metric(_ series: String) -> Double? {
        for line in metrics.render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// The log lines captured so far, for failure messages.
    var logText: String {
        logs.records.map { "\($0.level) \($0.message)" }.joined(separator: "\n")
    }

    private func removeContainers() async {
        for container in (try? await runtime.containers()) ?? [] {
            try? await runtime.removeContainer(id: container.id)
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    /// Whole seconds, as the store keeps times to the millisecond.
    private let current = Mutex(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}

/// Always the base image.
struct BaseImageResolver: WorkspaceImageResolver {
    func resolve(
        configuration: WorkspaceConfiguration, repository: WorkspaceRepository, log: ImageBuildLog
    ) async throws -> String {
        BaseImageBootstrap.reference
    }
}

/// A checkout that writes known files (a text file, a nested one, an executable and a binary one).
struct FileWritingInitializer: WorkspaceContentInitializer {
    static let files: [String: [UInt8]] = [
        "README.md": Array("# project\n".utf8),
        "src/main.swift": Array("print(\"hello\")\n".utf8),
        "bin/run.sh": Array("#!/bin/sh\necho run\n".utf8),
        "data.bin": (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) },
    ]

    func checkout(workspace: Workspace, into directory: String, owner: FileOwner) async throws -> String {
        for (path, bytes) in Self.files {
            try write(bytes, to: path, in: directory, owner: owner)
        }
        chmod(directory + "/bin/run.sh", 0o755)
        return workspace.commit
    }
}

/// A checkout that writes one file, then waits until it is cancelled.
struct BlockingInitializer: WorkspaceContentInitializer {
    func checkout(workspace: Workspace, into directory: String, owner: FileOwner) async throws -> String {
        try write(Array("partial\n".utf8), to: "partial.txt", in: directory, owner: owner)
        try await Task.sleep(for: .seconds(3600))
        return workspace.commit
    }
}

/// Writes `bytes` at `path` under `directory`, with its parent directories, all owned by `owner`.
private func write(_ bytes: [UInt8], to path: String, in directory: String, owner: FileOwner) throws {
    var parent = directory
    for component in path.split(separator: "/").dropLast() {
        parent += "/\(component)"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        chown(parent, owner.uid, owner.gid)
    }
    let file = directory + "/" + path
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    chown(file, owner.uid, owner.gid)
}

/// Collects phase changes from a manager's stream.
final class PhaseRecorder: Sendable {
    /// The changes, kept apart so that the reading task can hold them.
    private final class Changes: Sendable {
        let list = Mutex<[PhaseChange]>([])
    }

    private let changes = Changes()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<PhaseChange>) {
        let changes = self.changes
        task = Task {
            for await change in stream { changes.list.withLock { $0.append(change) } }
        }
    }

    /// The phases recorded so far for `workspaceID`, in order.
    func phases(of workspaceID: String) -> [InstancePhase] {
        changes.list.withLock { $0.filter { $0.workspaceID == workspaceID }.map(\.phase) }
    }

    /// Waits until `workspaceID` has entered `phase`.
    func waitFor(_ phase: InstancePhase, of workspaceID: String) async throws {
        try await withTimeout(ManagerFixture.operationTimeout) { [self] in
            while !phases(of: workspaceID).contains(phase) { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    func cancel() {
        task.cancel()
    }
}
