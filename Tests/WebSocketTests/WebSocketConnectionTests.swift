import Basics
import Testing

@testable import WebSocket

/// A connection in `role` over an in-memory stream, and a raw peer at the other end.
func connectionWithRawPeer(
    role: WebSocketRole, configuration: WebSocketConnection.Configuration = .init(clock: ScriptedClock.neverExpires),
    leftover: ByteBuffer = ByteBuffer(), writeChunkSize: Int = 64 * 1024
) -> (WebSocketConnection, RawPeer, InMemoryByteStream) {
    let (local, remote) = InMemoryByteStream.pair(writeChunkSize: writeChunkSize)
    let connection = WebSocketConnection(stream: local, role: role, leftover: leftover, configuration: configuration)
    return (connection, RawPeer(stream: remote, role: role.peer), local)
}

@Suite(.timeLimit(.minutes(1)))
struct WebSocketConnectionMessagingTests {
    @Test(arguments: [1, 7, 64 * 1024])
    func serverEchoesWhatAClientSends(_ chunkSize: Int) async throws {
        let (serverStream, clientStream) = InMemoryByteStream.pair(readChunkSize: chunkSize, writeChunkSize: chunkSize)
        let server = WebSocketConnection(stream: serverStream, role: .server)
        let client = WebSocketConnection(stream: clientStream, role: .client)
        let messages: [WebSocketMessage] = [
            .text("hello"), .binary([0, 1, 2, 255]), .text(""), .binary([]),
            .text(String(repeating: "é€😀", count: 1000)), .binary((0..<20_000).map { UInt8(truncatingIfNeeded: $0) }),
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while let message = try await server.receive() { try await server.send(message) }
            }
            for message in messages {
                try await client.send(message)
                #expect(try await client.receive() == message)
            }
            await client.close(code: .normalClosure, reason: "done")
            try await group.waitForAll()
        }
        #expect(server.closeCode == .normalClosure)
        #expect(server.closeReason == "done")
        #expect(client.closeCode == .normalClosure, "the server echoed the code")
        #expect(serverStream.isClosed && clientStream.isClosed)
    }

    @Test func fragmentedMessageWithAPingBetweenFragments() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await peer.send(text("Hel", fin: false))
        try await peer.send(WebSocketFrame(opcode: .ping, payload: Array("still there?".utf8)))
        try await peer.send(continuation(Array("lo".utf8)))
        #expect(try await server.receive() == .text("Hello"))
        #expect(try await peer.expectFrame() == WebSocketFrame(opcode: .pong, payload: Array("still there?".utf8)))
    }

    @Test func bytesReadWithTheHandshakeComeFirst() async throws {
        var leftover = WebSocketFrame(opcode: .text, payload: Array("early".utf8)).bytes(maskingKey: [9, 8, 7, 6])
        let next = WebSocketFrame(opcode: .binary, payload: [1, 2, 3]).bytes(maskingKey: [5, 4, 3, 2]).readableArray
        leftover.append(contentsOf: next[..<3])
        let (server, peer, _) = connectionWithRawPeer(role: .server, leftover: leftover)
        #expect(try await server.receive() == .text("early"))
        try await peer.send(raw: Array(next[3...]))
        #expect(try await server.receive() == .binary([1, 2, 3]))
    }

    @Test func pingsFromTheApplicationAndTheirPongs() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await server.ping([1, 2, 3])
        #expect(try await peer.expectFrame() == WebSocketFrame(opcode: .ping, payload: [1, 2, 3]))
        try await peer.send(WebSocketFrame(opcode: .pong, payload: [1, 2, 3]))
        try await peer.send(text("after the pong"))
        #expect(try await server.receive() == .text("after the pong"))
        let error = await #expect(throws: WebSocketError.self) {
            try await server.ping([UInt8](repeating: 0, count: 126))
        }
        #expect(error?.closeCode == .protocolError)
    }

    @Test func clientFramesAreMaskedWithAFreshKeyEachTime() async throws {
        let (client, rawPeer, _) = connectionWithRawPeer(role: .client)
        var peer = rawPeer
        try await client.send(text: "hi")
        try await client.send(text: "hi")
        let bytes = try await peer.readBytes(16)
        let first = Array(bytes[..<8])
        let second = Array(bytes[8...])
        for frame in [first, second] {
            #expect(frame[0] == 0x81)
            #expect(frame[1] == 0x82, "mask bit set, length 2")
            #expect([frame[6] ^ frame[2], frame[7] ^ frame[3]] == Array("hi".utf8))
        }
        #expect(first[2..<6] != second[2..<6], "each frame has its own key")
    }

    @Test func serverFramesAreNotMasked() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await server.send(text: "hi")
        try await server.send(binary: [7])
        #expect(try await peer.readBytes(7) == [0x81, 0x02, 0x68, 0x69, 0x82, 0x01, 0x07])
    }

    @Test(arguments: [WebSocketRole.server, .client])
    func concurrentSendsNeverInterleave(_ role: WebSocketRole) async throws {
        // The stream hands over 16 bytes at a time and lets other tasks run in between, so frames written without
        // the write lock would interleave.
        let (connection, rawPeer, _) = connectionWithRawPeer(role: role, writeChunkSize: 16)
        var peer = rawPeer
        let senders = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<senders {
                group.addTask {
                    for _ in 0..<3 {
                        try await connection.send(binary: [UInt8](repeating: UInt8(sender), count: 300 + sender))
                    }
                }
            }
            try await group.waitForAll()
        }
        var counts = [Int](repeating: 0, count: senders)
        for _ in 0..<(senders * 3) {
            let frame = try await peer.expectFrame()
            let sender = Int(try #require(frame.payload.first))
            #expect(frame.payload == [UInt8](repeating: UInt8(sender), count: 300 + sender))
            counts[sender] += 1
        }
        #expect(counts == [Int](repeating: 3, count: senders))
    }
}

@Suite(.timeLimit(.minutes(1)))
struct WebSocketConnectionClosingTests {
    @Test(arguments: [(4001, "bye"), (1000, ""), (1001, "going ✈")] as [(UInt16, String)])
    func peerClosesAndTheCodeIsEchoed(_ code: UInt16, _ reason: String) async throws {
        let (server, rawPeer, stream) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await peer.sendClose(code, reason: reason)
        #expect(try await server.receive() == nil)
        #expect(server.closeCode == WebSocketCloseCode(code))
        #expect(server.closeReason == reason)
        let echo = try await peer.expectFrame()
        #expect(echo.opcode == .close)
        #expect(closeCode(of: echo) == code)
        #expect(try await peer.readsEndOfStream())
        #expect(stream.isClosed)
        #expect(try await server.receive() == nil, "later calls keep returning nil")
    }

    @Test func aCloseWithoutACodeIsAnsweredWithoutOne() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await peer.send(WebSocketFrame(opcode: .close))
        #expect(try await server.receive() == nil)
        #expect(server.closeCode == .noStatus)
        #expect(try await peer.expectFrame() == WebSocketFrame(opcode: .close))
    }

    @Test func closeWaitsForThePeersCloseFrame() async throws {
        let (server, rawPeer, stream) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await server.close(code: .goingAway, reason: "restarting") }
            let frame = try await peer.expectFrame()
            #expect(frame == WebSocketFrame(opcode: .close, payload: closePayload(1001, reason: "restarting")))
            // The close timeout never expires, so only the peer's answer lets close() finish.
            #expect(!stream.isClosed)
            try await peer.sendClose(1001)
            try await group.waitForAll()
        }
        #expect(stream.isClosed)
        #expect(try await peer.readsEndOfStream())
        #expect(server.closeCode == .goingAway)
        #expect(try await server.receive() == nil)
    }

    @Test func closeGivesUpAfterItsTimeout() async throws {
        let (server, rawPeer, stream) = connectionWithRawPeer(
            role: .server, configuration: .init(clock: ScriptedClock.expiresAtOnce))
        var peer = rawPeer
        await server.close(code: .normalClosure)
        #expect(stream.isClosed)
        #expect(closeCode(of: try await peer.expectFrame()) == 1000)
        #expect(try await peer.readsEndOfStream())
        #expect(server.closeCode == nil, "the peer never answered")
    }

    @Test func closeWhileAnotherTaskReceives() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await withThrowingTaskGroup(of: [WebSocketMessage].self) { group in
            group.addTask {
                var received: [WebSocketMessage] = []
                while let message = try await server.receive() { received.append(message) }
                return received
            }
            group.addTask {
                await server.close(code: .normalClosure)
                return []
            }
            #expect(closeCode(of: try await peer.expectFrame()) == 1000)
            try await peer.send(text("sent before the peer saw the close"))
            try await peer.sendClose(1000)
            var received: [WebSocketMessage] = []
            for try await messages in group { received += messages }
            #expect(received == [.text("sent before the peer saw the close")])
        }
    }

    @Test func nothingFollowsTheCloseFrame() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await server.close(code: .normalClosure) }
            #expect(closeCode(of: try await peer.expectFrame()) == 1000)
            // A ping that crosses the close frame gets no pong: no frame may follow a close frame.
            try await peer.send(WebSocketFrame(opcode: .ping, payload: [1]))
            try await peer.sendClose(1000)
            try await group.waitForAll()
        }
        #expect(try await peer.readsEndOfStream())
    }

    @Test func receiveDuringCloseReturnsNil() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server)
        var peer = rawPeer
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await server.close(code: .normalClosure) }
            #expect(closeCode(of: try await peer.expectFrame()) == 1000)
            group.addTask {
                let message = try await server.receive()
                #expect(message == nil)
            }
            try await peer.sendClose(1000)
            try await group.waitForAll()
        }
    }

    @Test func closeFramesAreBuiltToFit() {
        #expect(WebSocketConnection.closeFrame(code: .noStatus, reason: "ignored").payload == [])
        #expect(
            WebSocketConnection.closeFrame(code: .normalClosure, reason: "ok").payload
                == closePayload(1000, reason: "ok"))
        // 123 bytes of reason fit; a two-byte character that would straddle the limit is left out whole.
        let long = String(repeating: "a", count: 122) + "é" + "tail"
        let payload = WebSocketConnection.closeFrame(code: .goingAway, reason: long).payload
        #expect(payload == closePayload(1001, reason: String(repeating: "a", count: 122)))
        let exact = String(repeating: "b", count: 123)
        #expect(WebSocketConnection.closeFrame(code: .goingAway, reason: exact + "c").payload.count == 125)
    }

    @Test func sendingAfterTheCloseIsRefused() async throws {
        let (server, peer, _) = connectionWithRawPeer(role: .server)
        try await peer.sendClose(1000)
        #expect(try await server.receive() == nil)
        await #expect(throws: WebSocketError.self) { try await server.send(text: "too late") }
        await #expect(throws: WebSocketError.self) { try await server.ping() }
        await server.close()  // Does nothing more, and does not hang.
    }

    @Test func aFailedSendEndsAWaitingReceiveWithItsError() async throws {
        let (server, peer, stream) = connectionWithRawPeer(role: .server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await #expect(throws: InMemoryStreamClosed.self) { try await server.receive() }
            }
            await stream.waitUntilAReadIsPending()
            peer.stream.shutdownRead()
            await #expect(throws: InMemoryStreamClosed.self) { try await server.send(text: "nobody reads this") }
            try await group.waitForAll()
        }
        #expect(stream.isClosed)
    }

    @Test func theStreamEndingWithoutACloseIsAbnormal() async throws {
        let (server, peer, stream) = connectionWithRawPeer(role: .server)
        peer.stream.shutdownWrite()
        let error = await #expect(throws: WebSocketError.self) { try await server.receive() }
        #expect(error?.closeCode == .abnormal)
        #expect(stream.isClosed)
    }
}

/// Frames from a raw client that must fail the server's connection, and the close code that must go on the wire.
struct BadTraffic: Sendable, CustomTestStringConvertible {
    var name: String
    var frames: [WebSocketFrame] = []
    var raw: [UInt8] = []
    var code: UInt16

    var testDescription: String { name }
}

@Suite(.timeLimit(.minutes(1)))
struct WebSocketConnectionProtocolErrorTests {
    static let limits = WebSocketConnection.Configuration(
        maxFrameSize: 1024, maxMessageSize: 2048, clock: ScriptedClock.neverExpires)

    static let badTraffic = [
        BadTraffic(name: "unmasked frame", raw: [0x81, 0x01, 0x41], code: 1002),
        BadTraffic(
            name: "reserved bit", frames: [WebSocketFrame(rsv1: true, opcode: .text, payload: [0x41])], code: 1002),
        BadTraffic(name: "reserved opcode", raw: [0x83, 0x80, 1, 2, 3, 4], code: 1002),
        BadTraffic(name: "continuation without a start", frames: [continuation([1])], code: 1002),
        BadTraffic(
            name: "new message inside a fragmented one", frames: [text("a", fin: false), text("b")], code: 1002),
        BadTraffic(name: "fragmented ping", frames: [WebSocketFrame(fin: false, opcode: .ping)], code: 1002),
        BadTraffic(
            name: "invalid UTF-8 text", frames: [WebSocketFrame(opcode: .text, payload: [0x41, 0xFF])], code: 1007),
        BadTraffic(
            name: "invalid UTF-8 across fragments",
            frames: [WebSocketFrame(fin: false, opcode: .text, payload: [0xE2]), continuation([0x41])], code: 1007),
        BadTraffic(
            name: "frame over the frame limit",
            frames: [WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 1025))], code: 1009),
        BadTraffic(
            name: "message over the message limit",
            frames: [
                WebSocketFrame(fin: false, opcode: .binary, payload: [UInt8](repeating: 0, count: 1024)),
                continuation([UInt8](repeating: 0, count: 1024), fin: false), continuation([0]),
            ], code: 1009),
        BadTraffic(
            name: "close code 1005", frames: [WebSocketFrame(opcode: .close, payload: closePayload(1005))], code: 1002),
        BadTraffic(name: "one-byte close", frames: [WebSocketFrame(opcode: .close, payload: [3])], code: 1002),
        BadTraffic(
            name: "close reason not UTF-8",
            frames: [WebSocketFrame(opcode: .close, payload: closePayload(1000) + [0xFF])],
            code: 1007),
    ]

    @Test(arguments: badTraffic)
    func aProtocolErrorSendsItsCodeAndClosesTheStream(_ traffic: BadTraffic) async throws {
        let (server, rawPeer, stream) = connectionWithRawPeer(role: .server, configuration: Self.limits)
        var peer = rawPeer
        for frame in traffic.frames { try await peer.send(frame) }
        if !traffic.raw.isEmpty { try await peer.send(raw: traffic.raw) }
        let error = await #expect(throws: WebSocketError.self) { try await server.receive() }
        #expect(error?.closeCode.rawValue == traffic.code)
        let close = try await peer.expectFrame()
        #expect(closeCode(of: close) == traffic.code)
        #expect(try await peer.readsEndOfStream())
        #expect(stream.isClosed)
        let again = await #expect(throws: WebSocketError.self) { try await server.receive() }
        #expect(again == error, "later calls throw the same error")
    }

    @Test func theProtocolErrorStaysTheErrorWhenItsCloseFrameCannotBeSent() async throws {
        let (server, peer, stream) = connectionWithRawPeer(role: .server)
        peer.stream.shutdownRead()
        try await peer.send(raw: [0x81, 0x01, 0x41])
        let error = await #expect(throws: WebSocketError.self) { try await server.receive() }
        #expect(error?.closeCode == .protocolError)
        let again = await #expect(throws: WebSocketError.self) { try await server.receive() }
        #expect(again == error)
        #expect(stream.isClosed)
    }

    @Test func aClientRefusesMaskedFrames() async throws {
        let (client, rawPeer, _) = connectionWithRawPeer(role: .client)
        var peer = rawPeer
        try await peer.send(
            raw: WebSocketFrame(opcode: .text, payload: [0x41]).bytes(maskingKey: [1, 2, 3, 4]).readableArray)
        let error = await #expect(throws: WebSocketError.self) { try await client.receive() }
        #expect(error?.closeCode == .protocolError)
        // The raw peer plays the server, so its parser also checks that the client's close frame is masked.
        #expect(closeCode(of: try await peer.expectFrame()) == 1002)
    }

    @Test func theCloseReasonNamesTheProblem() async throws {
        let (server, rawPeer, _) = connectionWithRawPeer(role: .server, configuration: Self.limits)
        var peer = rawPeer
        try await peer.send(WebSocketFrame(opcode: .text, payload: [0xC0, 0x80]))
        _ = try? await server.receive()
        let close = try await peer.expectFrame()
        let reason = String(decoding: close.payload.dropFirst(2), as: UTF8.self)
        #expect(reason.contains("UTF-8"))
    }
}
