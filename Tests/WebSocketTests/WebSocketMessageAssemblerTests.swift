import Testing

@testable import WebSocket

/// Feeds `frames` to a new assembler and collects what comes out, failing on the first error.
func assemble(
    _ frames: [WebSocketFrame], maxMessageSize: Int = 1 << 20
) throws(WebSocketError) -> [WebSocketMessageAssembler.Event] {
    var assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
    var events: [WebSocketMessageAssembler.Event] = []
    for frame in frames {
        if let event = try assembler.feed(frame) { events.append(event) }
    }
    return events
}

@Suite struct WebSocketMessageAssemblerTests {
    @Test func singleFrameMessages() throws {
        let events = try assemble([text("héllo"), WebSocketFrame(opcode: .binary, payload: [0, 255])])
        #expect(events == [.message(.text("héllo")), .message(.binary([0, 255]))])
    }

    @Test func emptyMessages() throws {
        let events = try assemble([text(""), WebSocketFrame(opcode: .binary), text("", fin: false), continuation([])])
        #expect(events == [.message(.text("")), .message(.binary([])), .message(.text(""))])
    }

    @Test func fragmentsWithControlFramesBetweenThem() throws {
        let frames = [
            text("Hel", fin: false),
            WebSocketFrame(opcode: .ping, payload: [1]),
            continuation(Array("lo, ".utf8), fin: false),
            WebSocketFrame(opcode: .pong, payload: [2]),
            continuation(Array("world".utf8)),
            WebSocketFrame(fin: false, opcode: .binary, payload: [1]),
            continuation([2]),
        ]
        #expect(
            try assemble(frames) == [
                .ping([1]), .pong([2]), .message(.text("Hello, world")), .message(.binary([1, 2])),
            ])
    }

    @Test func aCodePointSplitAcrossFragments() throws {
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        let frames = [
            WebSocketFrame(fin: false, opcode: .text, payload: [0x41, euro[0]]),
            continuation([euro[1]], fin: false),
            continuation([euro[2], 0x42]),
        ]
        #expect(try assemble(frames) == [.message(.text("A€B"))])
    }

    @Test func aContinuationWithoutAStartIsAProtocolError() {
        let error = #expect(throws: WebSocketError.self) { try assemble([continuation([1])]) }
        #expect(error?.closeCode == .protocolError)
    }

    @Test(arguments: [WebSocketOpcode.text, .binary])
    func aNewMessageDuringAFragmentedOneIsAProtocolError(_ opcode: WebSocketOpcode) {
        let error = #expect(throws: WebSocketError.self) {
            try assemble([text("a", fin: false), WebSocketFrame(opcode: opcode, payload: [0x41])])
        }
        #expect(error?.closeCode == .protocolError)
    }

    @Test func invalidUTF8FailsAtTheFirstBadFragment() {
        var assembler = WebSocketMessageAssembler()
        #expect(throws: Never.self) { try assembler.feed(text("ok", fin: false)) }
        let error = #expect(throws: WebSocketError.self) {
            try assembler.feed(continuation([0xED, 0xA0, 0x80], fin: false))
        }
        #expect(error?.closeCode == .invalidPayload)
    }

    @Test func textEndingInsideACodePointIsInvalid() {
        let error = #expect(throws: WebSocketError.self) {
            try assemble([text("ok", fin: false), continuation([0xE2, 0x82])])
        }
        #expect(error?.closeCode == .invalidPayload)
    }

    @Test func binaryMessagesAreNotCheckedAsUTF8() throws {
        #expect(
            try assemble([WebSocketFrame(opcode: .binary, payload: [0xFF, 0xC0])]) == [.message(.binary([0xFF, 0xC0]))])
    }

    @Test func messageSizeLimitCountsEveryFragment() throws {
        #expect(try assemble([text("12345678", fin: false), continuation([9, 10])], maxMessageSize: 10).count == 1)
        let error = #expect(throws: WebSocketError.self) {
            try assemble(
                [text("12345678", fin: false), continuation([9, 10], fin: false), continuation([11])],
                maxMessageSize: 10)
        }
        #expect(error?.closeCode == .messageTooBig)
        let single = #expect(throws: WebSocketError.self) {
            try assemble(
                [WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 11))], maxMessageSize: 10)
        }
        #expect(single?.closeCode == .messageTooBig)
    }

    @Test func staysFailedAfterAnError() {
        var assembler = WebSocketMessageAssembler()
        #expect(throws: WebSocketError.self) { try assembler.feed(continuation([1])) }
        #expect(throws: WebSocketError.self) { try assembler.feed(text("fine")) }
    }
}

@Suite struct WebSocketCloseFrameTests {
    @Test func anEmptyCloseReportsNoStatus() throws {
        #expect(try assemble([WebSocketFrame(opcode: .close)]) == [.close(.noStatus, reason: "")])
    }

    @Test func codeAndReason() throws {
        let frame = WebSocketFrame(opcode: .close, payload: closePayload(1001, reason: "bye ✓"))
        #expect(try assemble([frame]) == [.close(.goingAway, reason: "bye ✓")])
    }

    @Test func aOneBytePayloadIsAProtocolError() {
        let error = #expect(throws: WebSocketError.self) {
            try assemble([WebSocketFrame(opcode: .close, payload: [3])])
        }
        #expect(error?.closeCode == .protocolError)
    }

    @Test(
        arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]
            as [UInt16])
    func acceptsCodesThatMayBeSent(_ code: UInt16) throws {
        let frame = WebSocketFrame(opcode: .close, payload: closePayload(code))
        #expect(try assemble([frame]) == [.close(WebSocketCloseCode(code), reason: "")])
        #expect(WebSocketCloseCode(code).isAllowedInCloseFrame)
    }

    @Test(arguments: [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func rejectsCodesThatMayNotBeSent(_ code: UInt16) {
        let frame = WebSocketFrame(opcode: .close, payload: closePayload(code))
        let error = #expect(throws: WebSocketError.self) { try assemble([frame]) }
        #expect(error?.closeCode == .protocolError)
        #expect(!WebSocketCloseCode(code).isAllowedInCloseFrame)
    }

    @Test func aReasonThatIsNotUTF8IsInvalidPayload() {
        let frame = WebSocketFrame(opcode: .close, payload: closePayload(1000) + [0xC3])
        let error = #expect(throws: WebSocketError.self) { try assemble([frame]) }
        #expect(error?.closeCode == .invalidPayload)
    }
}
