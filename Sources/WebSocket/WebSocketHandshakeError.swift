import HTTP

/// A refused opening handshake, with the HTTP status that says why.
///
/// On a server, `response` is the head to answer with. On a client, `status` is the status the server sent.
public struct WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    /// What was wrong with the request or response, in words a developer can act on.
    public var message: String
    /// Header fields the error response must carry, such as `Sec-WebSocket-Version` on a 426.
    public var headers: HTTPHeaders

    public init(status: HTTPStatus, message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// The response head a server sends to refuse the handshake.
    public var response: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers) }

    public var description: String { "WebSocket handshake failed (\(status)): \(message)" }

    static func badRequest(_ message: String) -> WebSocketHandshakeError {
        WebSocketHandshakeError(status: .badRequest, message: message)
    }
}
