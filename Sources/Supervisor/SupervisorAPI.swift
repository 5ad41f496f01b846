import Foundation
import HTTP
import HTTPServer
import WebSocket

/// The supervisor's HTTP API on its unix socket: `CONNECT` tunnels into the workspace, and JSON routes for status,
/// tasks, ports and terminals.
public struct SupervisorAPI: HTTPResponder {
    private let routes: any HTTPResponder
    private let configuration: SupervisorConfiguration

    /// - Parameter supervisor: the state the routes report and change.
    public init(supervisor: Supervisor) {
        configuration = supervisor.options.configuration
        var router = Router()
        router.get("/status") { _, _ in
            try .json(
                StatusResponse(
                    ready: supervisor.isReady, headless: supervisor.options.headless, tasks: supervisor.tasks.count,
                    ports: supervisor.ports.ports.count))
        }
        router.get("/activity") { _, _ in
            try .json(ActivityResponse(lastActivity: supervisor.activity.lastActivity))
        }
        router.post("/activity") { _, _ in
            supervisor.activity.record()
            return try .json(ActivityResponse(lastActivity: supervisor.activity.lastActivity))
        }
        router.get("/tasks") { _, _ in
            try .json(supervisor.tasks.map(TaskResponse.init))
        }
        router.get("/ports") { _, _ in
            let configuration = supervisor.options.configuration
            return try .json(supervisor.ports.ports.map { PortResponse($0, configuration: configuration) })
        }
        router.get("/ports/events") { _, _ in
            PortEvents.response(for: supervisor.ports, configuration: supervisor.options.configuration)
        }
        router.get("/terminals") { _, _ in
            try .json(supervisor.terminals.map(TerminalResponse.init))
        }
        router.post("/terminals") { _, _ in
            try .json(TerminalResponse(try supervisor.openTerminal()), status: .created)
        }
        router.delete("/terminals/:id") { _, context in
            let id = try context.parameter("id")
            guard supervisor.closeTerminal(id: id) else { throw HTTPError.notFound("no terminal '\(id)'") }
            return HTTPResponse(status: .noContent)
        }
        router.get("/terminals/:id/attach") { request, context in
            let id = try context.parameter("id")
            guard let terminal = supervisor.terminal(id: id) else { throw HTTPError.notFound("no terminal '\(id)'") }
            return WebSocketUpgrade.response(
                for: request, allowedOrigins: WebSocketUpgrade.sameOrigin(as: request, allowMissing: true)
            ) { connection in
                try await TerminalSession(terminal: terminal, connection: connection, activity: supervisor.activity)
                    .run()
            }
        }
        Self.addGPRoutes(to: &router, supervisor: supervisor)
        Self.addServerRoutes(to: &router, supervisor: supervisor)
        Self.addFileRoutes(to: &router, supervisor: supervisor)
        Self.addIDERoutes(to: &router, supervisor: supervisor)
        routes = router.responder()
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        if request.method == .connect {
            let configuration = configuration
            return try await TunnelTarget.response(for: request) { port in
                configuration.portConfiguration(for: Int(port))?.onOpen != .ignoreCompletely
            }
        }
        return try await routes.respond(to: request, context: context)
    }
}

/// `GET /status`.
struct StatusResponse: Codable {
    /// Every task has started.
    var ready: Bool
    var headless: Bool
    var tasks: Int
    var ports: Int
}

/// `GET /activity` and `POST /activity`: the last user activity, as ISO 8601 text.
struct ActivityResponse: Encodable {
    var lastActivity: Date

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lastActivity.formatted(.iso8601), forKey: .lastActivity)
    }

    private enum CodingKeys: String, CodingKey { case lastActivity }
}

/// One entry of `GET /tasks`.
struct TaskResponse: Codable {
    var id: String
    var name: String?
    var state: String
    var exitCode: Int32?
    var failedStep: String?
    var terminal: String?

    init(_ task: Supervisor.TaskRecord) {
        id = task.id
        name = task.configuration.name
        state = task.state.name
        terminal = task.terminalID
        switch task.state {
        case .exited(let code): exitCode = code
        case .failed(let step, let code):
            exitCode = code
            failedStep = step.rawValue
        case .pending, .running: break
        }
    }
}

/// One entry of `GET /ports`.
struct PortResponse: Codable {
    var port: UInt16
    var address: String
    var loopbackOnly: Bool
    /// What the configuration says happens when the port opens; `notify` when it does not name the port.
    var onOpen: String

    init(_ port: ListeningPort, configuration: SupervisorConfiguration) {
        self.port = port.port
        self.address = port.address
        self.loopbackOnly = port.isLoopbackOnly
        self.onOpen = (configuration.portConfiguration(for: Int(port.port))?.onOpen ?? .notify).rawValue
    }
}

/// One entry of `GET /terminals`, and the answer to `POST /terminals`.
struct TerminalResponse: Codable {
    var id: String
    var pid: Int32
    var ended: Bool

    init(_ terminal: Terminal) {
        id = terminal.id
        pid = terminal.pid
        ended = terminal.hasEnded
    }
}
