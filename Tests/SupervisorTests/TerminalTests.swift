import Foundation
import HTTPClient
import NetIO
import Supervisor
import TestSupport
import Testing
import WebSocket

@Suite struct TerminalTests {
    @Test func scrollbackKeepsTheLatestBytes() {
        var scrollback = Scrollback(capacity: 8)
        scrollback.append(Array("abcdef".utf8))
        scrollback.append(Array("ghij".utf8))
        #expect(scrollback.bytes == Array("cdefghij".utf8))
        scrollback.append(Array("0123456789".utf8))
        #expect(scrollback.bytes == Array("23456789".utf8))
    }

    @Test func attachedClientsTypeSeeOutputReplayAndResize() async throws {
        let harness = try await SupervisorHarness.start()
        let (status, body) = try await harness.request(.post, "/terminals")
        #expect(status == 201)
        let created = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let id = try #require(created["id"] as? String)
        let url = "ws+unix://\(harness.encodedSocket)/terminals/\(id)/attach"

        let first = try await WebSocketClient.connect(url: url)
        try await first.send(text: "echo hi-$((40+2))\n")
        #expect(try await readUntil("hi-42", from: first).contains("hi-42"))

        try await first.send(text: #"{"resize":{"cols":132,"rows":40}}"#)
        try await first.send(binary: Array("stty size\n".utf8))
        #expect(try await readUntil("40 132", from: first).contains("40 132"))

        let second = try await WebSocketClient.connect(url: url)
        let replay = try await readUntil("40 132", from: second)
        #expect(replay.contains("hi-42"))
        try await second.send(text: "echo both-$((1+1))\n")
        #expect(try await readUntil("both-2", from: first).contains("both-2"))
        #expect(try await readUntil("both-2", from: second).contains("both-2"))

        let terminals = try #require(try await harness.json("/terminals") as? [[String: Any]])
        #expect(terminals.map { $0["id"] as? String } == [id])
        #expect(try await harness.request(.delete, "/terminals/\(id)").status == 204)
        #expect(try await harness.request(.delete, "/terminals/\(id)").status == 404)
        #expect(try await harness.request(.get, "/terminals/\(id)/attach").status == 404)
        await first.close()
        await second.close()
        try await harness.stop()
    }

    @Test func clientsAreClosedWhenTheShellExits() async throws {
        let harness = try await SupervisorHarness.start()
        let terminal = try harness.supervisor.openTerminal()
        let connection = try await WebSocketClient.connect(
            url: "ws+unix://\(harness.encodedSocket)/terminals/\(terminal.id)/attach")
        try await connection.send(text: "exit 0\n")
        let ended = try await withTimeout {
            while try await connection.receive() != nil {}
            return true
        }
        #expect(ended)
        let terminals = try #require(try await harness.json("/terminals") as? [[String: Any]])
        #expect(terminals.first?["ended"] as? Bool == true)
        try await harness.stop()
    }

    @Test func portsRouteListsALoopbackListener() async throws {
        let harness = try await SupervisorHarness.start()
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        defer { listener.close() }
        guard case .ipv4(_, let port) = listener.address else { throw TestTimeoutError(limit: .zero) }
        let found = try await withTimeout {
            while true {
                let ports = try await harness.json("/ports") as? [[String: Any]] ?? []
                if ports.contains(where: { $0["port"] as? Int == Int(port) }) { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(found)
        try await harness.stop()
    }
}
