import Basics
import Foundation
import HTTP
import HTTPClient
import Supervisor
import TestSupport

/// A supervisor on a unix socket in a temporary directory, running until the test stops it.
struct SupervisorHarness: Sendable {
    let directory: TemporaryDirectory
    let supervisor: Supervisor
    let task: Task<Void, any Error>
    let client = HTTPClient()

    var socketPath: String { directory.path + "/supervisor.sock" }

    static func start(
        configuration: SupervisorConfiguration = SupervisorConfiguration(), fresh: Bool = false,
        adjust: (inout SupervisorOptions, TemporaryDirectory) -> Void = { _, _ in }
    ) async throws -> SupervisorHarness {
        let directory = try TemporaryDirectory(prefix: "swiftpod-supervisor-test")
        // A home of their own, so that login shells do not run the host's profile.
        var configuration = configuration
        configuration.env["HOME"] = directory.path
        var options = SupervisorOptions(
            socketPath: directory.path + "/supervisor.sock", configuration: configuration, fresh: fresh,
            workspaceDirectory: directory.path, stopGracePeriod: .seconds(2))
        adjust(&options, directory)
        let supervisor = try Supervisor(
            options: options, ports: PortWatcher(interval: .milliseconds(50)),
            children: ChildProcesses(reapsOrphans: false), logger: .disabled)
        try await supervisor.bind()
        return SupervisorHarness(
            directory: directory, supervisor: supervisor, task: Task { try await supervisor.run() })
    }

    func stop() async throws {
        await supervisor.shutdown()
        try await withTimeout { try await task.value }
    }

    /// The socket's path as the host of an `http+unix://` URL.
    var encodedSocket: String {
        socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketPath
    }

    func request(_ method: HTTPMethod = .get, _ path: String) async throws -> (status: Int, body: String) {
        let (head, body) = try await client.send(
            HTTPClientRequest(url: "http+unix://\(encodedSocket)\(path)", method: method))
        return (head.status.code, String(decoding: body.readableView, as: UTF8.self))
    }

    func json(_ path: String) async throws -> Any {
        let (_, body) = try await request(.get, path)
        return try JSONSerialization.jsonObject(with: Data(body.utf8))
    }

    /// Polls `/tasks` until `done` holds for the list, or fails after the test timeout.
    func waitForTasks(_ done: @escaping @Sendable ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        let harness = self
        let result = try await withTimeout {
            while true {
                let tasks = try await harness.json("/tasks") as? [[String: Any]] ?? []
                if done(tasks) { return TasksBox(tasks: tasks) }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        return result.tasks
    }
}

/// Carries decoded JSON out of a task.
struct TasksBox: @unchecked Sendable {
    let tasks: [[String: Any]]
}
