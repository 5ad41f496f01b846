import SwiftpodClient
import Testing

@Suite struct ServerSentEventParserTests {
    @Test func splitsEventsAtBlankLinesAndSkipsComments() throws {
        var parser = ServerSentEventParser()
        let events = try parser.feed(
            Array(": keep-alive\n\nevent: phase\ndata: {\"a\":1}\n\ndata: one\ndata: two\nid: 7\n\n".utf8))
        #expect(
            events == [
                ServerSentEvent(event: "phase", data: #"{"a":1}"#),
                ServerSentEvent(event: "message", data: "one\ntwo", id: "7"),
            ])
    }

    @Test(arguments: [1, 2, 3, 7])
    func readsEventsCutAnywhereWithAnyLineEnding(pieceSize: Int) throws {
        let text = "event: phase\r\ndata: é\u{1F600}\r\n\r\nevent: phase\rdata:x\r\rdata: y\n\n"
        let bytes = Array(text.utf8)
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        var index = 0
        while index < bytes.count {
            events += try parser.feed(bytes[index..<min(bytes.count, index + pieceSize)])
            index += pieceSize
        }
        #expect(
            events == [
                ServerSentEvent(event: "phase", data: "é\u{1F600}"), ServerSentEvent(event: "phase", data: "x"),
                ServerSentEvent(data: "y"),
            ])
    }

    @Test func anEventWithoutDataIsNotDispatchedAndAnUnfinishedOneWaits() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Array("event: phase\n\nretry: 10\n\ndata: partial".utf8)).isEmpty)
        #expect(try parser.feed(Array("\n\n".utf8)) == [ServerSentEvent(data: "partial")])
    }

    @Test func refusesALineLongerThanTheLimit() throws {
        var parser = ServerSentEventParser()
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: ServerSentEventParser.maximumLineBytes + 1)
        #expect(throws: APIClientError.self) { try parser.feed(long) }
    }
}
