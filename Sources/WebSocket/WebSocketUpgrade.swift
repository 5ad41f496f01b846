import Basics
import Foundation
import HTTP
import HTTPServer

/// Accepts WebSocket upgrades in an HTTP handler.
public enum WebSocketUpgrade {
    /// The response to a WebSocket upgrade request: 101 and `handler` running on the connection, or the refusal
    /// (400, 403, 405, 426) as the JSON error envelope.
    /// - Parameters:
    ///   - request: the upgrade request.
    ///   - allowedOrigins: whether the request's `Origin` may open a socket; see `sameOrigin(as:)`.
    ///   - configuration: frame and message limits.
    ///   - handler: runs for the life of the connection; the connection is closed when it returns.
    public static func response(
        for request: HTTPRequest, allowedOrigins: (String?) -> Bool,
        configuration: WebSocketConnection.Configuration = WebSocketConnection.Configuration(),
        logger: Logger = .disabled,
        handler: @escaping @Sendable (WebSocketConnection) async throws -> Void
    ) -> HTTPResponse {
        switch WebSocketHandshake.validate(request.head, allowedOrigins: allowedOrigins) {
        case .success(let head):
            return HTTPResponse(
                status: head.status, headers: head.headers,
                body: .upgrade { stream, leftover in
                    let connection = WebSocketConnection(
                        stream: stream, role: .server, leftover: leftover, configuration: configuration, logger: logger)
                    defer { stream.close() }
                    try await handler(connection)
                })
        case .failure(let error):
            return HTTPError(error.status, message: error.message, headers: error.headers).response
        }
    }

    /// An origin check that accepts only pages served from the host the request was made to: the Origin's
    /// `host[:port]` must equal the request's Host. A missing Origin (a non-browser client) is accepted only when
    /// `allowMissing` is true.
    public static func sameOrigin(as request: HTTPRequest, allowMissing: Bool = false) -> (String?) -> Bool {
        let host = request.headers["Host"]?.lowercased()
        return { origin in
            guard let origin else { return allowMissing }
            guard let host, let url = URLComponents(string: origin), let originHost = url.host?.lowercased() else {
                return false
            }
            let authority = url.port.map { "\(originHost):\($0)" } ?? originHost
            return authority == host
        }
    }
}
