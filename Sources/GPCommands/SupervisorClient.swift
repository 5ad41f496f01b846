import Basics
import Foundation
import HTTP
import HTTPClient
import NetIO
import WebSocket

/// Talks to the workspace's supervisor over its unix socket: the JSON routes and terminal WebSockets `gp` uses.
public final class SupervisorClient: Sendable {
    /// Where the supervisor listens inside every workspace.
    public static let defaultSocketPath = "/.swiftpod/run/supervisor.sock"
    /// The variable that names another socket.
    public static let socketVariable = "SWIFTPOD_SUPERVISOR_SOCKET"
    /// How long a plain request may take.
    static let requestTimeout: Duration = .seconds(15)

    /// The supervisor's socket.
    public let socketPath: String
    let client = HTTPClient()

    /// - Parameter socketPath: the supervisor's unix socket.
    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// A client of the socket `SWIFTPOD_SUPERVISOR_SOCKET` names, or the default one.
    public convenience init(environment: [String: String]) {
        let path = environment[Self.socketVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.init(socketPath: path ?? Self.defaultSocketPath)
    }

    /// Closes the kept-alive connections.
    public func close() {
        client.closeIdleConnections()
    }

    /// The socket path as the host of an `http+unix://` or `ws+unix://` URL.
    var encodedSocket: String {
        socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketPath
    }

    /// `text` as one path segment.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "-._~").union(.alphanumerics))
            ?? text
    }

    // MARK: Routes

    /// `GET /tasks`.
    public func tasks() async throws -> [SupervisorTask] {
        try await send(.get, "/tasks", as: [SupervisorTask].self)
    }

    /// `GET /ports`.
    public func ports() async throws -> [SupervisorPort] {
        try await send(.get, "/ports", as: [SupervisorPort].self)
    }

    /// `GET /terminals`.
    public func terminals() async throws -> [SupervisorTerminal] {
        try await send(.get, "/terminals", as: [SupervisorTerminal].self)
    }

    /// `GET /info`.
    public func info() async throws -> SupervisorWorkspaceInfo {
        try await send(.get, "/info", as: SupervisorWorkspaceInfo.self)
    }

    /// `POST /sync/NAME/done`.
    public func markDone(_ name: String) async throws {
        _ = try await send(.post, "/sync/\(Self.segment(name))/done", as: SyncPoint.self)
    }

    /// `GET /sync/NAME/await?timeout=SECONDS`: true when NAME is done, false when the long poll timed out.
    public func awaitSyncPoint(_ name: String, pollTimeout: Duration) async throws -> Bool {
        let seconds = Double(pollTimeout.components.seconds) + Double(pollTimeout.components.attoseconds) / 1e18
        let path = "/sync/\(Self.segment(name))/await?timeout=\(String(format: "%.3f", seconds))"
        do {
            _ = try await send(.get, path, as: SyncPoint.self, timeout: pollTimeout + .seconds(15))
            return true
        } catch let error as GPError where error.status == 408 {
            return false
        }
    }

    /// `POST /tasks/ID/stop`: the signal that ended the task.
    @discardableResult
    public func stopTask(id: String) async throws -> String {
        // The supervisor answers once the task has ended: after its grace period at worst.
        try await send(.post, "/tasks/\(Self.segment(id))/stop", as: TaskStop.self, timeout: .seconds(120)).signal
    }

    /// `POST /server/COMMAND`: the server's answer to a command that needs it.
    public func serverCommand(_ command: String, arguments: [String]) async throws -> String {
        let body = try JSONEncoder().encode(["arguments": arguments])
        let path = "/server/\(Self.segment(command))"
        return try await send(.post, path, body: ByteBuffer(bytes: body), as: ServerAnswer.self).output ?? ""
    }

    /// `POST /ide/open`: opens the file at `path` (absolute, under the workspace's root) in the browser IDE.
    public func openInIDE(path: String) async throws {
        let body = try JSONEncoder().encode(["path": path])
        _ = try await exchange(.post, "/ide/open", body: ByteBuffer(bytes: body))
    }

    /// `POST /ide/preview`: shows `url` in the browser IDE's preview, or in a new tab when `external`.
    public func preview(url: String, external: Bool) async throws {
        struct Request: Encodable {
            var url: String
            var external: Bool?
        }
        let body = try JSONEncoder().encode(Request(url: url, external: external ? true : nil))
        _ = try await exchange(.post, "/ide/preview", body: ByteBuffer(bytes: body))
    }

    /// Opens a WebSocket to terminal `id`'s output and input.
    public func attach(terminal id: String) async throws -> WebSocketConnection {
        let url = "ws+unix://\(encodedSocket)/terminals/\(Self.segment(id))/attach"
        do {
            return try await WebSocketClient.connect(
                url: url, client: client, deadline: .now + Self.requestTimeout)
        } catch let error as HTTPClientError {
            throw translate(error)
        } catch let error as WebSocketHandshakeError {
            throw GPError(code: .notFound, message: "cannot attach to terminal '\(id)': \(error)")
        }
    }

    // MARK: Requests

    /// Sends a request and decodes the answer, turning the error envelope and socket failures into `GPError`.
    func send<Answer: Decodable>(
        _ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil, as type: Answer.Type,
        timeout: Duration = SupervisorClient.requestTimeout
    ) async throws -> Answer {
        let data = try await exchange(method, path, body: body, timeout: timeout)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw GPError(
                code: .supervisorError,
                message: "the workspace supervisor's answer to \(method) \(path) is not what gp expects: \(error)")
        }
    }

    /// Sends a request and returns the answer's body, turning the error envelope and socket failures into
    /// `GPError`.
    func exchange(
        _ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil,
        timeout: Duration = SupervisorClient.requestTimeout
    ) async throws -> Data {
        let headers: HTTPHeaders = body == nil ? [:] : ["Content-Type": "application/json"]
        let request = try HTTPClientRequest(
            url: "http+unix://\(encodedSocket)\(path)", method: method, headers: headers,
            body: body.map { .bytes($0) } ?? .empty)
        let head: HTTPResponseHead
        let answer: ByteBuffer
        do {
            (head, answer) = try await client.send(request, maxBytes: 4 << 20, deadline: .now + timeout)
        } catch let error as HTTPClientError {
            throw translate(error)
        }
        let data = Data(answer.readableView)
        guard (200..<300).contains(head.status.code) else {
            let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: data)
            let message =
                envelope?.error.message ?? "the workspace supervisor answered \(head.status) to \(method) \(path)"
            let code: GPError.Code =
                switch head.status.code {
                case 404, 409: .notFound
                case 408: .timedOut
                case 503: .serverUnavailable
                default: .supervisorError
                }
            throw GPError(code: code, message: message, status: head.status.code)
        }
        return data
    }

    private func translate(_ error: HTTPClientError) -> GPError {
        switch error.code {
        case .connectFailed:
            // The socket's own failure ("No such file or directory"), without the path a second time.
            if let cause = error.underlying as? NetIOError, let number = cause.errno {
                return GPError.unreachable(socketPath, String(cString: strerror(number)))
            }
            return GPError.unreachable(socketPath, error.underlying.map { "\($0)" } ?? error.message)
        case .timedOut:
            return GPError(
                code: .timedOut, message: "the workspace supervisor at \(socketPath) did not answer in time")
        default:
            return GPError(
                code: .supervisorError, message: "talking to the workspace supervisor at \(socketPath) failed: \(error)"
            )
        }
    }
}

/// One entry of `GET /tasks`.
public struct SupervisorTask: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String?
    /// `pending`, `running`, `exited` or `failed`.
    public var state: String
    public var exitCode: Int32?
    public var failedStep: String?
    /// The id of the terminal the task runs in, once it started.
    public var terminal: String?
}

/// One entry of `GET /ports`.
public struct SupervisorPort: Decodable, Sendable, Equatable {
    public var port: UInt16
    public var address: String
    public var loopbackOnly: Bool
}

/// One entry of `GET /terminals`.
public struct SupervisorTerminal: Decodable, Sendable, Equatable {
    public var id: String
    public var pid: Int32
    public var ended: Bool
}

/// `GET /info`: the workspace's identity; absent values are nil.
public struct SupervisorWorkspaceInfo: Decodable, Sendable, Equatable {
    public var workspaceID: String?
    public var instanceID: String?
    public var workspaceURL: String?
    public var clusterHost: String?
    public var repoRoot: String?
    public var contextURL: String?
    public var version: String?
}

struct SyncPoint: Decodable {
    var name: String
}

struct TaskStop: Decodable {
    var signal: String
}

struct ServerAnswer: Decodable {
    var output: String?
}

/// `{"error":{"code":…,"message":…}}`
struct ErrorEnvelope: Decodable {
    struct Body: Decodable {
        var code: String
        var message: String
    }
    var error: Body
}
