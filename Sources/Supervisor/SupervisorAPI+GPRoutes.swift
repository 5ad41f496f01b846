import Foundation
import HTTP
import HTTPServer

// The routes `gp` needs beyond status, tasks, ports and terminals: sync points, stopping a task, the workspace's
// identity, and the relay to the Swiftpod server (`SupervisorAPI+ServerRelay.swift`).
//
// `GET /sync/:name/await` is a long poll. The HTTP server's idle timeout only runs between requests (and its header
// and body timeouts only while a request arrives), so a handler that waits is never cut off; the wait is bounded by
// its own `?timeout=` instead, and `gp sync-await` asks again until the name is done.

extension SupervisorAPI {
    /// How long `GET /sync/:name/await` waits when the request names no timeout.
    static let defaultAwaitTimeout: Duration = .seconds(30)
    /// The longest `?timeout=` accepted: a long poll, which the client repeats.
    static let maxAwaitTimeout: Double = 600

    /// Adds `POST /sync/:name/done`, `GET /sync/:name/await`, `POST /tasks/:id/stop`, `GET /info` and the relay
    /// `/server/*path`.
    static func addGPRoutes(to router: inout Router, supervisor: Supervisor) {
        router.post("/sync/:name/done") { _, context in
            let name = try syncName(context)
            guard supervisor.syncPoints.markDone(name) else {
                throw HTTPError(
                    .tooManyRequests,
                    message: "more than \(SyncPoints.maxDoneNames) sync points are done; '\(name)' was not recorded")
            }
            return try .json(SyncPointResponse(name: name))
        }
        router.get("/sync/:name/await") { request, context in
            let name = try syncName(context)
            let timeout = try awaitTimeout(request)
            switch await supervisor.syncPoints.wait(for: name, timeout: timeout) {
            case .done:
                return try .json(SyncPointResponse(name: name))
            case .timedOut:
                throw HTTPError(
                    .requestTimeout, code: "timeout",
                    message: "'\(name)' was not done within \(timeout.formattedSeconds); ask again to keep waiting")
            case .closed:
                throw HTTPError(.serviceUnavailable, message: "the supervisor is stopping")
            }
        }
        router.post("/tasks/:id/stop") { _, context in
            let id = try context.parameter("id")
            switch await supervisor.stopTask(id: id) {
            case .unknownTask:
                throw HTTPError.notFound("no task '\(id)'")
            case .notRunning(let state):
                throw HTTPError(.conflict, message: "task '\(id)' is not running: it is \(state.name)")
            case .terminated:
                return try .json(TaskStopResponse(id: id, signal: "SIGTERM"))
            case .killed:
                return try .json(TaskStopResponse(id: id, signal: "SIGKILL"))
            }
        }
        router.get("/info") { _, _ in
            let environment = ProcessInfo.processInfo.environment.merging(supervisor.options.configuration.env) {
                $1
            }
            return try .json(WorkspaceInfo(environment: environment))
        }
        addServerRelay(to: &router, supervisor: supervisor)
    }

    private static func syncName(_ context: RequestContext) throws -> String {
        let name = try context.parameter("name")
        guard !name.isEmpty, name.utf8.count <= SyncPoints.maxNameLength else {
            throw HTTPError.badRequest("a sync point's name must have 1 to \(SyncPoints.maxNameLength) bytes")
        }
        return name
    }

    private static func awaitTimeout(_ request: HTTPRequest) throws -> Duration {
        guard let text = request.queryParameters["timeout"] else { return defaultAwaitTimeout }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= maxAwaitTimeout else {
            throw HTTPError.badRequest(
                "invalid timeout '\(text)': expected a number of seconds above 0 and at most \(Int(maxAwaitTimeout))")
        }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// The answer to `POST /sync/:name/done` and `GET /sync/:name/await`.
struct SyncPointResponse: Codable {
    var name: String
}

/// The answer to `POST /tasks/:id/stop`: which signal ended the task.
struct TaskStopResponse: Codable {
    var id: String
    var signal: String
}

extension Duration {
    /// `30 s`, `0.5 s`.
    var formattedSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        let text = seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)
        return text + " s"
    }
}
