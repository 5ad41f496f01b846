// Frames for tests, built without the connection's help.

@testable import WebSocket

/// A text frame holding `string`.
func text(_ string: String, fin: Bool = true) -> WebSocketFrame {
    WebSocketFrame(fin: fin, opcode: .text, payload: Array(string.utf8))
}

/// A continuation frame.
func continuation(_ bytes: [UInt8], fin: Bool = true) -> WebSocketFrame {
    WebSocketFrame(fin: fin, opcode: .continuation, payload: bytes)
}

/// The payload of a close frame with `code` and `reason`.
func closePayload(_ code: UInt16, reason: String = "") -> [UInt8] {
    [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8)
}

/// The code in a close frame's payload, or nil when it has none.
func closeCode(of frame: WebSocketFrame) -> UInt16? {
    guard frame.opcode == .close, frame.payload.count >= 2 else { return nil }
    return UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1])
}
