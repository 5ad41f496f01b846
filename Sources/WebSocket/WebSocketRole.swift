/// Which end of a connection an endpoint is. Clients mask every frame they send; servers mask none (RFC 6455 §5.1).
public enum WebSocketRole: Sendable, Hashable {
    case server
    case client

    /// The role of the other end.
    public var peer: WebSocketRole {
        switch self {
        case .server: .client
        case .client: .server
        }
    }
}
