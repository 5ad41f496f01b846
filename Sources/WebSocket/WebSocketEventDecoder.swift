import Basics

/// The receiving half of a connection with no I/O: bytes from the peer in, events out.
struct WebSocketEventDecoder: Sendable {
    /// Bytes read from the peer that no frame has consumed yet; the stream reads into it.
    var buffer: ByteBuffer
    private var parser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler

    init(role: WebSocketRole, leftover: ByteBuffer, maxFrameSize: Int, maxMessageSize: Int) {
        buffer = leftover
        parser = WebSocketFrameParser(role: role, maxFrameSize: maxFrameSize)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
    }

    /// The next event the buffered bytes complete, or nil when more bytes are needed.
    mutating func nextEvent() throws(WebSocketError) -> WebSocketMessageAssembler.Event? {
        while let frame = try parser.next(&buffer) {
            if let event = try assembler.feed(frame) { return event }
        }
        return nil
    }
}
