/// A failed WebSocket connection: what went wrong, and the close code that tells the peer.
public struct WebSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The code sent to the peer in the close frame that ends the connection (or, for `abnormal`, reported only).
    public var closeCode: WebSocketCloseCode
    /// What happened, in words a developer can act on.
    public var message: String

    public init(closeCode: WebSocketCloseCode, message: String) {
        self.closeCode = closeCode
        self.message = message
    }

    public var description: String { "WebSocket error \(closeCode): \(message)" }

    /// The peer broke the framing or messaging rules (1002).
    static func protocolError(_ message: String) -> WebSocketError {
        WebSocketError(closeCode: .protocolError, message: message)
    }

    /// A message's data does not match its type (1007).
    static func invalidPayload(_ message: String) -> WebSocketError {
        WebSocketError(closeCode: .invalidPayload, message: message)
    }

    /// A frame or message is over the configured limit (1009).
    static func messageTooBig(_ message: String) -> WebSocketError {
        WebSocketError(closeCode: .messageTooBig, message: message)
    }
}
