import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import Supervisor

/// The supervisor of one workspace, as the API asks it: open ports, tasks, terminal scrollback and exec.
struct WorkspaceSupervisor: Sendable {
    let endpoint: HTTPEndpoint
    let client: HTTPClient
    /// How long a quick question may take.
    static let requestTimeout: Duration = .seconds(5)

    struct Port: Decodable {
        var port: Int
    }

    struct TaskEntry: Decodable {
        var id: String
        var name: String?
        var state: String
        var terminal: String?
    }

    func openPorts() async throws -> [Port] {
        try decode([Port].self, try await send(.get, "/ports"))
    }

    func tasks() async throws -> [TaskEntry] {
        try decode([TaskEntry].self, try await send(.get, "/tasks"))
    }

    func scrollback(terminal: String) async throws -> [UInt8] {
        try await send(.get, "/terminals/\(terminal)/scrollback")
    }

    func exec(_ request: ExecRequest) async throws -> ExecResult {
        let body = try JSONEncoder().encode(request)
        let timeout = Duration.milliseconds(Int64((request.timeout ?? 60) * 1000)) + .seconds(15)
        return try decode(
            ExecResult.self, try await send(.post, "/exec", body: ByteBuffer(bytes: body), timeout: timeout))
    }

    /// `POST /exec` with `"stream": true`: the supervisor's newline-delimited JSON, to be read as it comes.
    func execStream(_ request: ExecRequest) async throws -> HTTPClientResponse {
        try await open(
            .post, "/exec", body: ByteBuffer(bytes: try JSONEncoder().encode(request)),
            deadline: .now + Self.requestTimeout)
    }

    /// Sends a request and reads its whole answer.
    private func send(
        _ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil, timeout: Duration = requestTimeout
    ) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        let response = try await open(method, path, body: body, deadline: deadline)
        do {
            return try await response.collect(maxBytes: 8 << 20, deadline: deadline).readableArray
        } catch {
            throw HTTPError(.badGateway, message: "the workspace's supervisor cannot be reached: \(error)")
        }
    }

    /// Sends a request and returns the answer once its head arrived with status 200; its body is still to read.
    /// - Throws: `HTTPError` 502 (400 for what the supervisor refused as bad) naming what went wrong.
    private func open(
        _ method: HTTPMethod, _ path: String, body: ByteBuffer?, deadline: ContinuousClock.Instant
    ) async throws -> HTTPClientResponse {
        var headers: HTTPHeaders = ["Host": "supervisor"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPClientRequest(
            endpoint: endpoint, method: method, target: path, headers: headers, body: body.map { .bytes($0) } ?? .empty)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch {
            throw HTTPError(.badGateway, message: "the workspace's supervisor cannot be reached: \(error)")
        }
        guard response.status.code == 200 else {
            let text =
                (try? await response.collect(maxBytes: 1 << 20, deadline: deadline))
                .map { String(decoding: $0.readableView, as: UTF8.self) } ?? ""
            throw HTTPError(
                response.status.code == 400 ? .badRequest : .badGateway,
                message: "the workspace's supervisor answered \(method) \(path) with \(response.status.code): \(text)")
        }
        return response
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8]) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw HTTPError(.badGateway, message: "the workspace's supervisor answered with unexpected JSON: \(error)")
        }
    }
}
