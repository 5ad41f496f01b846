import Foundation
import HTTP
import HTTPClient
import HTTPServer

// `/server/…`: the commands of `gp` that need the Swiftpod server (`gp env`, `gp timeout`, `gp stop`, `gp ports
// visibility`) go through the supervisor to the server's channel for this workspace, a unix socket the server
// creates beside the supervisor's own (`run/server.sock`). The relay passes the method, path, query, content type
// and body on and the answer back; it adds nothing, as the socket itself is the workspace's identity to the server.
// Without that socket (a supervisor run on its own, or a server that has not opened it yet) it answers 503.

extension SupervisorOptions {
    /// The server's channel for this workspace: `server.sock` beside the supervisor's socket.
    public var serverSocketPath: String {
        URL(fileURLWithPath: socketPath).deletingLastPathComponent().path + "/server.sock"
    }
}

extension SupervisorAPI {
    /// Adds `/server/*path` for GET, POST, PUT and DELETE.
    static func addServerRelay(to router: inout Router, supervisor: Supervisor) {
        let relay = ServerRelay(socketPath: supervisor.options.serverSocketPath)
        for method in [HTTPMethod.get, .post, .put, .delete] {
            router.on(method, "/server/*path") { request, context in
                try await relay.forward(request, path: try context.parameter("path"))
            }
        }
    }
}

/// Passes requests on to the server's channel socket.
struct ServerRelay: Sendable {
    /// The largest request and answer bodies relayed.
    static let bodyLimit = 1 << 20
    /// How long the server may take to answer.
    static let timeout: Duration = .seconds(30)

    let socketPath: String
    let client = HTTPClient()

    func forward(_ request: HTTPRequest, path: String) async throws -> HTTPResponse {
        var status = stat()
        guard lstat(socketPath, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK else {
            throw notConnected("there is no \(socketPath)")
        }
        let body = try await request.body.collect(maxBytes: Self.bodyLimit)
        var headers: HTTPHeaders = ["Host": "swiftpod-server"]
        if let contentType = request.headers["Content-Type"] { headers.add(name: "Content-Type", value: contentType) }
        let target = "/" + path + (request.head.query.map { "?\($0)" } ?? "")
        let outgoing = HTTPClientRequest(
            endpoint: .unix(path: socketPath), method: request.method, target: target, headers: headers,
            body: body.readableBytes > 0 ? .bytes(body) : .empty)
        do {
            let (head, answer) = try await client.send(
                outgoing, maxBytes: Self.bodyLimit, deadline: .now + Self.timeout)
            var answerHeaders: HTTPHeaders = [:]
            if let contentType = head.headers["Content-Type"] {
                answerHeaders.add(name: "Content-Type", value: contentType)
            }
            return HTTPResponse(status: head.status, headers: answerHeaders, body: .bytes(answer))
        } catch let error as HTTPClientError where error.code == .connectFailed {
            throw notConnected("nobody answers on \(socketPath)")
        } catch let error as HTTPClientError {
            throw HTTPError(.badGateway, message: "the Swiftpod server's answer did not come through: \(error)")
        }
    }

    private func notConnected(_ reason: String) -> HTTPError {
        HTTPError(.serviceUnavailable, message: "the Swiftpod server is not connected to this workspace: \(reason)")
    }
}
