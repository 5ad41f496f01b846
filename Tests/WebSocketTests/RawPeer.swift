import Basics
import Testing

@testable import WebSocket

/// The far end of a connection under test. It speaks raw frames, so a test can send what a correct endpoint never
/// would and check every frame that arrives (its parser rejects frames masked the wrong way for its role).
struct RawPeer {
    let stream: InMemoryByteStream
    /// The role this peer plays: a client peer masks what it sends and expects unmasked frames.
    let role: WebSocketRole
    private var buffer = ByteBuffer()
    private var parser: WebSocketFrameParser

    init(stream: InMemoryByteStream, role: WebSocketRole) {
        self.stream = stream
        self.role = role
        parser = WebSocketFrameParser(role: role, maxFrameSize: 1 << 24)
    }

    /// Sends `frame`, masked with a fixed key when this peer is a client.
    func send(_ frame: WebSocketFrame) async throws {
        try await stream.write(frame.bytes(maskingKey: role == .client ? [0x11, 0x22, 0x33, 0x44] : nil))
    }

    func send(raw bytes: [UInt8]) async throws {
        try await stream.write(bytes)
    }

    /// Sends a close frame with `code` and `reason`.
    func sendClose(_ code: UInt16, reason: String = "") async throws {
        try await send(WebSocketFrame(opcode: .close, payload: closePayload(code, reason: reason)))
    }

    /// The next frame, or nil at the end of the stream.
    mutating func readFrame() async throws -> WebSocketFrame? {
        while true {
            if let frame = try parser.next(&buffer) { return frame }
            guard try await stream.read(into: &buffer) > 0 else { return nil }
        }
    }

    /// The next frame; fails the test at the end of the stream.
    mutating func expectFrame(sourceLocation: SourceLocation = #_sourceLocation) async throws -> WebSocketFrame {
        try #require(try await readFrame(), "the stream ended instead", sourceLocation: sourceLocation)
    }

    /// The next `count` raw bytes, unparsed.
    mutating func readBytes(_ count: Int) async throws -> [UInt8] {
        while buffer.readableBytes < count {
            guard try await stream.read(into: &buffer) > 0 else { break }
        }
        return buffer.readBytes(count) ?? buffer.readAll()
    }

    /// Whether the other end has closed: nothing but the end of the stream follows.
    mutating func readsEndOfStream() async throws -> Bool {
        guard buffer.isEmpty else { return false }
        return try await stream.read(into: &buffer) == 0
    }
}
