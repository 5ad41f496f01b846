/// The kind of a frame (RFC 6455 §5.2). Opcodes 3–7 and 11–15 are reserved and have no case: a frame that uses one
/// fails the connection.
public enum WebSocketOpcode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// A later fragment of a text or binary message.
    case continuation = 0x0
    /// The first (or only) frame of a UTF-8 text message.
    case text = 0x1
    /// The first (or only) frame of a binary message.
    case binary = 0x2
    /// Starts or answers the closing handshake.
    case close = 0x8
    /// Asks the peer for a pong.
    case ping = 0x9
    /// Answers a ping, or serves as a one-way heartbeat.
    case pong = 0xA

    /// Whether frames of this kind are control frames: close, ping and pong. Control frames are never fragmented and
    /// carry at most 125 bytes.
    public var isControl: Bool { rawValue & 0x8 != 0 }

    public var description: String {
        switch self {
        case .continuation: "continuation"
        case .text: "text"
        case .binary: "binary"
        case .close: "close"
        case .ping: "ping"
        case .pong: "pong"
        }
    }
}
