/// The status code of a close frame (RFC 6455 §7.4).
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// The purpose of the connection was fulfilled.
    public static let normalClosure = WebSocketCloseCode(1000)
    /// The endpoint is going away: a server shutting down, a browser leaving the page.
    public static let goingAway = WebSocketCloseCode(1001)
    /// The peer broke the protocol.
    public static let protocolError = WebSocketCloseCode(1002)
    /// The peer sent a kind of data the endpoint does not accept (text to a binary-only endpoint, say).
    public static let unsupportedData = WebSocketCloseCode(1003)
    /// Reported when a close frame carried no code; never sent.
    public static let noStatus = WebSocketCloseCode(1005)
    /// Reported when the connection ended without a close frame; never sent.
    public static let abnormal = WebSocketCloseCode(1006)
    /// A message's data did not match its type, such as invalid UTF-8 in a text message.
    public static let invalidPayload = WebSocketCloseCode(1007)
    /// A message broke the endpoint's policy; the generic code when no other fits.
    public static let policyViolation = WebSocketCloseCode(1008)
    /// A frame or message was larger than the endpoint accepts.
    public static let messageTooBig = WebSocketCloseCode(1009)
    /// The server met an unexpected condition.
    public static let internalError = WebSocketCloseCode(1011)

    /// Whether the code may appear in a close frame on the wire: the codes RFC 6455 and the IANA registry assign for
    /// that use (1000–1003, 1007–1014), and the ranges for libraries and applications (3000–4999).
    ///
    /// 1005, 1006 and 1015 only report conditions locally, and the rest of 0–2999 is reserved or unassigned.
    public var isAllowedInCloseFrame: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .normalClosure: "1000 (normal closure)"
        case .goingAway: "1001 (going away)"
        case .protocolError: "1002 (protocol error)"
        case .unsupportedData: "1003 (unsupported data)"
        case .noStatus: "1005 (no status)"
        case .abnormal: "1006 (abnormal closure)"
        case .invalidPayload: "1007 (invalid payload data)"
        case .policyViolation: "1008 (policy violation)"
        case .messageTooBig: "1009 (message too big)"
        case .internalError: "1011 (internal error)"
        default: String(rawValue)
        }
    }
}
