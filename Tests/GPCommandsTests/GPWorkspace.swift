import CommandLineKit
import Foundation
import GPCommands
import NetIO
import Supervisor
import Synchronization
import TestSupport

/// A workspace as `gp` sees it: a real supervisor on a unix socket in a temporary directory (the workspace
/// directory too), and `gp` commands run in-process against it with their output captured.
struct GPWorkspace: Sendable {
    let directory: TemporaryDirectory
    let supervisor: Supervisor
    let task: Task<Void, any Error>
    /// The environment `gp` runs with: the socket and a workspace URL.
    let environment: [String: String]

    var socketPath: String { directory.path + "/supervisor.sock" }

    /// What a `gp` command line did.
    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    static let workspaceURL = "http://abc123.localhost:8080"

    static func start(
        tasks: [TaskConfiguration] = [], env: [String: String] = [:], gpEnvironment: [String: String] = [:]
    ) async throws -> GPWorkspace {
        let directory = try TemporaryDirectory(prefix: "swiftpod-gp-test")
        let socket = directory.path + "/supervisor.sock"
        // A home of their own, so that login shells do not run the host's profile.
        var environment = ["HOME": directory.path, "SWIFTPOD_SUPERVISOR_SOCKET": socket]
        environment.merge(env) { $1 }
        let options = SupervisorOptions(
            socketPath: socket, configuration: SupervisorConfiguration(tasks: tasks, env: environment),
            workspaceDirectory: directory.path, stopGracePeriod: .seconds(2))
        let supervisor = try Supervisor(
            options: options, ports: PortWatcher(interval: .milliseconds(50)),
            children: ChildProcesses(reapsOrphans: false), logger: .disabled)
        try await supervisor.bind()
        let task = Task { try await supervisor.run() }
        // Once an answer comes, the server runs, so that stopping it at once is a shutdown and not an error.
        let client = SupervisorClient(socketPath: socket)
        _ = try await withTimeout { try await client.tasks() }
        client.close()
        var gpEnvironment = gpEnvironment
        gpEnvironment["SWIFTPOD_SUPERVISOR_SOCKET"] = gpEnvironment["SWIFTPOD_SUPERVISOR_SOCKET"] ?? socket
        return GPWorkspace(
            directory: directory, supervisor: supervisor, task: task,
            environment: gpEnvironment)
    }

    func stop() async throws {
        await supervisor.shutdown()
        try await withTimeout { try await task.value }
    }

    /// Runs `gp ARGUMENTS` in-process; `output` receives standard output as it is written.
    func gp(
        _ arguments: [String], environment extra: [String: String] = [:], workingDirectory: String? = nil,
        output: TextBuffer = TextBuffer()
    ) async -> Outcome {
        let errors = TextBuffer()
        let context = GPContext(
            environment: environment.merging(extra) { $1 }, workingDirectory: workingDirectory ?? directory.path,
            standardOutput: { output.append(String(decoding: $0, as: UTF8.self)) },
            standardError: { errors.append(String(decoding: $0, as: UTF8.self)) })
        let runnerOutput = CommandOutput(standardOutput: output.append, standardError: errors.append)
        let status = await GPContext.$current.withValue(context) {
            await CommandRunner.run(
                root: GP.self, arguments: ["gp"] + arguments, environment: context.environment, output: runnerOutput)
        }
        return Outcome(status: status, output: output.text, errors: errors.text)
    }

    /// The supervisor's tasks once `done` holds for them, or a timeout error.
    func waitForTasks(
        _ done: @escaping @Sendable ([Supervisor.TaskRecord]) -> Bool
    ) async throws -> [Supervisor.TaskRecord] {
        let supervisor = supervisor
        return try await withTimeout {
            while true {
                let tasks = supervisor.tasks
                if done(tasks) { return tasks }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// A port that was free a moment ago.
    static func freePort() throws -> UInt16 {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        defer { listener.close() }
        return listener.address.port ?? 0
    }
}

/// Text written by one task and read by another.
final class TextBuffer: Sendable {
    private let storage = Mutex("")

    var text: String { storage.withLock { $0 } }

    @Sendable func append(_ text: String) {
        storage.withLock { $0 += text }
    }

    /// Waits until the text holds `needle`, or fails with a timeout error.
    func waitFor(_ needle: String) async throws {
        try await withTimeout {
            while !self.text.contains(needle) { try await Task.sleep(for: .milliseconds(20)) }
        }
    }
}
