/// How a message's body is delimited (RFC 9112 §6).
public enum HTTPBodyFraming: Sendable, Equatable {
    /// No body: no framing field, or a message that never has one (a HEAD response, 1xx, 204, 304, CONNECT).
    case none
    /// Exactly this many bytes (Content-Length).
    case length(Int)
    /// Chunked transfer coding.
    case chunked
    /// Everything until the connection closes (a response with neither Content-Length nor Transfer-Encoding).
    case untilClose
}
