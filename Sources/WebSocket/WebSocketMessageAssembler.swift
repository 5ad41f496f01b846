/// Turns frames into messages: joins fragments, checks text as it arrives, and decodes close frames.
///
/// A pure state machine fed with the frames `WebSocketFrameParser` returns. Control frames may arrive between the
/// fragments of a message and come out at once. After an error every later call throws the same error.
public struct WebSocketMessageAssembler: Sendable {
    /// What a frame amounts to.
    public enum Event: Sendable, Equatable {
        /// A complete data message.
        case message(WebSocketMessage)
        /// The peer pinged; answer with a pong carrying `payload`.
        case ping([UInt8])
        /// The peer answered a ping, or sent an unsolicited heartbeat.
        case pong([UInt8])
        /// The peer started or answered the closing handshake. A close frame without a code reports `noStatus`.
        case close(WebSocketCloseCode, reason: String)
    }

    /// The largest message accepted, adding up all its fragments; a larger one fails with 1009.
    public let maxMessageSize: Int

    private var state: State = .idle

    private enum State: Sendable {
        case idle
        case text([UInt8], UTF8Validator)
        case binary([UInt8])
        case failed(WebSocketError)
    }

    /// - Parameter maxMessageSize: the largest message accepted (16 MiB unless told).
    public init(maxMessageSize: Int = 16 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    /// Takes the next frame from the peer.
    /// - Returns: what the frame completes, or nil for a fragment that leaves its message unfinished.
    /// - Throws: a `WebSocketError` with 1002 for a fragmentation or close-frame error, 1007 for invalid UTF-8 in a
    ///   text message or a close reason, 1009 for a message over the limit.
    public mutating func feed(_ frame: WebSocketFrame) throws(WebSocketError) -> Event? {
        if case .failed(let error) = state { throw error }
        do {
            return try handle(frame)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func handle(_ frame: WebSocketFrame) throws(WebSocketError) -> Event? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.decodeClose(frame.payload)
        case .text, .binary:
            guard case .idle = state else {
                throw .protocolError("a new \(frame.opcode) message started before the fragmented message ended")
            }
            try checkSize(0, adding: frame.payload.count)
            var bytes: [UInt8] = []
            if frame.opcode == .text {
                return try appendText(frame, to: &bytes, validator: UTF8Validator())
            }
            return appendBinary(frame, to: &bytes)
        case .continuation:
            switch state {
            case .idle:
                throw .protocolError("continuation frame arrived with no fragmented message to continue")
            case .text(var bytes, let validator):
                state = .idle  // Drops the state's reference, so appending does not copy the bytes.
                try checkSize(bytes.count, adding: frame.payload.count)
                return try appendText(frame, to: &bytes, validator: validator)
            case .binary(var bytes):
                state = .idle
                try checkSize(bytes.count, adding: frame.payload.count)
                return appendBinary(frame, to: &bytes)
            case .failed(let error):
                throw error
            }
        }
    }

    private func checkSize(_ size: Int, adding count: Int) throws(WebSocketError) {
        guard count <= maxMessageSize - size else {
            throw .messageTooBig(
                "message of more than \(size + count) bytes is over the limit of \(maxMessageSize) bytes")
        }
    }

    /// Adds a text fragment to the message so far, checking its UTF-8 before keeping it.
    private mutating func appendText(
        _ frame: WebSocketFrame, to bytes: inout [UInt8], validator: UTF8Validator
    ) throws(WebSocketError) -> Event? {
        var validator = validator
        guard validator.consume(frame.payload) else {
            throw .invalidPayload("text message is not valid UTF-8 (in the fragment after byte \(bytes.count))")
        }
        bytes.append(contentsOf: frame.payload)
        guard frame.fin else {
            state = .text(bytes, validator)
            return nil
        }
        guard validator.isAtBoundary else {
            throw .invalidPayload("text message ends in the middle of a UTF-8 sequence")
        }
        return .message(.text(String(decoding: bytes, as: UTF8.self)))
    }

    private mutating func appendBinary(_ frame: WebSocketFrame, to bytes: inout [UInt8]) -> Event? {
        bytes.append(contentsOf: frame.payload)
        guard frame.fin else {
            state = .binary(bytes)
            return nil
        }
        return .message(.binary(bytes))
    }

    /// Decodes a close frame's payload: nothing, or a 2-byte code followed by a UTF-8 reason (RFC 6455 §5.5.1).
    static func decodeClose(_ payload: [UInt8]) throws(WebSocketError) -> Event {
        guard !payload.isEmpty else { return .close(.noStatus, reason: "") }
        guard payload.count >= 2 else {
            throw .protocolError("close frame has a 1-byte payload; a close code takes 2 bytes")
        }
        let code = WebSocketCloseCode(UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isAllowedInCloseFrame else {
            throw .protocolError("close frame carries the code \(code.rawValue), which may not be sent")
        }
        let reason = Array(payload[2...])
        var validator = UTF8Validator()
        guard validator.consume(reason), validator.isAtBoundary else {
            throw .invalidPayload("close frame's reason is not valid UTF-8")
        }
        return .close(code, reason: String(decoding: reason, as: UTF8.self))
    }
}
