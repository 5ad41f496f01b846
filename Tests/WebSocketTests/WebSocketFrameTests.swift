import Basics
import Testing

@testable import WebSocket

/// Parses every frame in `bytes`, handing them to the parser `chunkSize` bytes at a time.
@discardableResult
func parseFrames(
    _ bytes: [UInt8], role: WebSocketRole, chunkSize: Int = .max, maxFrameSize: Int = 1 << 20
) throws(WebSocketError) -> [WebSocketFrame] {
    var parser = WebSocketFrameParser(role: role, maxFrameSize: maxFrameSize)
    var buffer = ByteBuffer()
    var frames: [WebSocketFrame] = []
    var start = 0
    repeat {
        let end = min(start + chunkSize, bytes.count)
        buffer.append(contentsOf: bytes[start..<end])
        start = end
        while let frame = try parser.next(&buffer) { frames.append(frame) }
    } while start < bytes.count
    return frames
}

/// The examples of RFC 6455 §5.7, byte for byte.
@Suite struct WebSocketFrameRFCExampleTests {
    static let hello = Array("Hello".utf8)

    @Test func unmaskedTextFrame() throws {
        let bytes: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        #expect(try parseFrames(bytes, role: .client) == [WebSocketFrame(opcode: .text, payload: Self.hello)])
        #expect(WebSocketFrame(opcode: .text, payload: Self.hello).bytes(maskingKey: nil).readableArray == bytes)
    }

    @Test func maskedTextFrame() throws {
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(try parseFrames(bytes, role: .server) == [WebSocketFrame(opcode: .text, payload: Self.hello)])
        let written = WebSocketFrame(opcode: .text, payload: Self.hello).bytes(maskingKey: [0x37, 0xfa, 0x21, 0x3d])
        #expect(written.readableArray == bytes)
    }

    @Test func fragmentedUnmaskedTextMessage() throws {
        let bytes: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]
        #expect(
            try parseFrames(bytes, role: .client) == [
                WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
                WebSocketFrame(opcode: .continuation, payload: Array("lo".utf8)),
            ])
    }

    @Test func unmaskedPingAndMaskedPong() throws {
        let ping: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        let pong: [UInt8] = [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(try parseFrames(ping, role: .client) == [WebSocketFrame(opcode: .ping, payload: Self.hello)])
        #expect(try parseFrames(pong, role: .server) == [WebSocketFrame(opcode: .pong, payload: Self.hello)])
    }

    @Test func lengthsIn16And64Bits() throws {
        let short = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 7, count: 256))
        #expect(short.bytes(maskingKey: nil).readableArray.prefix(4) == [0x82, 0x7E, 0x01, 0x00])
        let long = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 7, count: 65536))
        #expect(
            long.bytes(maskingKey: nil).readableArray.prefix(10) == [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00])
    }
}

@Suite struct WebSocketFrameRoundTripTests {
    @Test(arguments: [0, 1, 125, 126, 127, 1000, 65535, 65536, 70001])
    func headerUsesTheShortestLengthForm(_ length: Int) {
        let frame = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0xAB, count: length))
        let expectedHeader = length <= 125 ? 2 : length <= 65535 ? 4 : 10
        #expect(frame.bytes(maskingKey: nil).readableBytes == expectedHeader + length)
        #expect(frame.bytes(maskingKey: [1, 2, 3, 4]).readableBytes == expectedHeader + 4 + length)
    }

    @Test(arguments: [0, 1, 7, 125, 126, 65535, 65536, 70001], [1, 5, 4096, Int.max])
    func maskedFramesSurviveAnyChunking(_ length: Int, chunkSize: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let frame = WebSocketFrame(fin: length.isMultiple(of: 2), opcode: .binary, payload: payload)
        let bytes = frame.bytes(maskingKey: [0xDE, 0xAD, 0xBE, 0xEF]).readableArray
        #expect(Array(bytes.suffix(length)) != payload || length == 0, "the payload is sent masked")
        #expect(try parseFrames(bytes, role: .server, chunkSize: chunkSize) == [frame])
    }

    @Test(arguments: [1, 3, Int.max])
    func severalFramesInOneBuffer(_ chunkSize: Int) throws {
        let frames = [
            WebSocketFrame(fin: false, opcode: .text, payload: Array("one".utf8)),
            WebSocketFrame(opcode: .ping, payload: [9]),
            WebSocketFrame(opcode: .continuation, payload: Array("two".utf8)),
            WebSocketFrame(opcode: .close, payload: closePayload(1000)),
        ]
        var bytes: [UInt8] = []
        for frame in frames { bytes += frame.bytes(maskingKey: nil).readableArray }
        #expect(try parseFrames(bytes, role: .client, chunkSize: chunkSize) == frames)
    }

    @Test func bytesAfterAFrameStayInTheBuffer() throws {
        var parser = WebSocketFrameParser(role: .client)
        var buffer = WebSocketFrame(opcode: .text, payload: Array("hi".utf8)).bytes(maskingKey: nil)
        buffer.append(contentsOf: [0x81])
        #expect(try parser.next(&buffer)?.payload == Array("hi".utf8))
        #expect(buffer.readableArray == [0x81])
        #expect(try parser.next(&buffer) == nil)
    }

    @Test(arguments: [[0x00, 0x00, 0x00, 0x00], [0xFF, 0x00, 0xFF, 0x00]] as [[UInt8]])
    func maskingIsItsOwnInverseAtAnyOffset(_ key: [UInt8]) {
        let original = (0..<37).map { UInt8($0) }
        var bytes = original
        let mask = MaskingKey(key)
        bytes.withUnsafeMutableBytes { mask.apply(to: $0, offset: 0) }
        // Unmask in uneven pieces, as a parser does when bytes arrive in chunks.
        for (start, end) in [(0, 3), (3, 12), (12, 13), (13, 37)] {
            bytes.withUnsafeMutableBytes {
                mask.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start..<end]), offset: start)
            }
        }
        #expect(bytes == original)
    }
}

/// A frame that must fail, and the close code it must fail with.
struct BadFrame: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var role: WebSocketRole
    var code: WebSocketCloseCode

    var testDescription: String { name }
}

@Suite struct WebSocketFrameParserErrorTests {
    static let badFrames = [
        BadFrame(name: "unmasked frame to a server", bytes: [0x81, 0x01, 0x41], role: .server, code: .protocolError),
        BadFrame(
            name: "masked frame to a client", bytes: [0x81, 0x81, 1, 2, 3, 4, 0x41], role: .client, code: .protocolError
        ),
        BadFrame(name: "RSV1 set", bytes: [0xC1, 0x00], role: .client, code: .protocolError),
        BadFrame(name: "RSV2 set", bytes: [0xA1, 0x00], role: .client, code: .protocolError),
        BadFrame(name: "RSV3 set", bytes: [0x91, 0x00], role: .client, code: .protocolError),
        BadFrame(name: "RSV bits on a control frame", bytes: [0xF9, 0x00], role: .client, code: .protocolError),
        BadFrame(name: "fragmented ping", bytes: [0x09, 0x00], role: .client, code: .protocolError),
        BadFrame(name: "fragmented close", bytes: [0x08, 0x00], role: .client, code: .protocolError),
        BadFrame(name: "ping of 126 bytes", bytes: [0x89, 0x7E, 0x00, 0x7E], role: .client, code: .protocolError),
        BadFrame(
            name: "pong of 126 bytes, masked", bytes: [0x8A, 0xFE, 0x00, 0x7E], role: .server, code: .protocolError),
        BadFrame(
            name: "64-bit length with the top bit set", bytes: [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1], role: .client,
            code: .protocolError),
        BadFrame(
            name: "16-bit length for 5 bytes", bytes: [0x82, 0x7E, 0x00, 0x05, 1, 2, 3, 4, 5], role: .client,
            code: .protocolError),
        BadFrame(
            name: "64-bit length for 5 bytes", bytes: [0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5],
            role: .client, code: .protocolError),
        BadFrame(
            name: "64-bit length for 65535 bytes", bytes: [0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF], role: .client,
            code: .protocolError),
        BadFrame(name: "frame over the limit", bytes: [0x82, 0x7E, 0x04, 0x01], role: .client, code: .messageTooBig),
        BadFrame(
            name: "huge 64-bit length", bytes: [0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            role: .server, code: .messageTooBig),
    ]

    @Test(arguments: badFrames)
    func rejectsBadHeaderAsSoonAsItArrives(_ frame: BadFrame) {
        // The header alone must be enough: a bad frame fails before its payload arrives.
        let error = #expect(throws: WebSocketError.self) {
            try parseFrames(frame.bytes, role: frame.role, chunkSize: 1, maxFrameSize: 1024)
        }
        #expect(error?.closeCode == frame.code)
    }

    @Test(arguments: [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] as [UInt8])
    func rejectsReservedOpcodes(_ opcode: UInt8) {
        #expect(throws: WebSocketError(closeCode: .protocolError, message: "frame uses the reserved opcode \(opcode)"))
        {
            try parseFrames([0x80 | opcode, 0x00], role: .client)
        }
    }

    @Test func acceptsAFrameOfExactlyTheLimit() throws {
        let frame = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 1, count: 1024))
        #expect(
            try parseFrames(frame.bytes(maskingKey: nil).readableArray, role: .client, maxFrameSize: 1024) == [frame])
        #expect(throws: WebSocketError.self) {
            let larger = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 1, count: 1025))
            try parseFrames(larger.bytes(maskingKey: nil).readableArray, role: .client, maxFrameSize: 1024)
        }
    }

    @Test func aControlFrameOf125BytesIsFine() throws {
        let frame = WebSocketFrame(opcode: .ping, payload: [UInt8](repeating: 1, count: 125))
        #expect(try parseFrames(frame.bytes(maskingKey: [1, 2, 3, 4]).readableArray, role: .server) == [frame])
    }

    @Test func staysFailedAfterAnError() throws {
        var parser = WebSocketFrameParser(role: .server)
        var buffer = ByteBuffer(bytes: [0x81, 0x01, 0x41])
        #expect(throws: WebSocketError.self) { try parser.next(&buffer) }
        var good = WebSocketFrame(opcode: .text, payload: [0x41]).bytes(maskingKey: [1, 2, 3, 4])
        #expect(throws: WebSocketError.self) { try parser.next(&good) }
    }
}
