/// What the request parser found next in the bytes it was given.
///
/// Every request comes out as `.head`, zero or more `.body`, then `.end`.
public enum HTTPRequestEvent: Sendable, Equatable {
    /// The request line and header fields.
    case head(HTTPRequestHead)
    /// Body bytes, decoded from their framing, copied out of the buffer.
    case body(ArraySlice<UInt8>)
    /// The end of the request; the next call starts the next one.
    case end
}

/// What the response parser found next in the bytes it was given.
///
/// Every response comes out as `.head`, zero or more `.body`, then `.end`; an interim 1xx response is `.head` then
/// `.end`, followed by the final response.
public enum HTTPResponseEvent: Sendable, Equatable {
    /// The status line and header fields.
    case head(HTTPResponseHead)
    /// Body bytes, decoded from their framing, copied out of the buffer.
    case body(ArraySlice<UInt8>)
    /// The end of the response; the next call starts the next one.
    case end
}
