import Foundation
import WebSocket

/// One WebSocket client attached to a terminal: the scrollback first, then live output as binary messages; the
/// client's text and binary messages are typed into the terminal, except `{"resize":{"cols":N,"rows":M}}`.
struct TerminalSession {
    let terminal: Terminal
    let connection: WebSocketConnection
    /// Input from the client counts as the user's activity.
    let activity: ActivityClock

    /// A control message from the client.
    struct Control: Decodable {
        struct Size: Decodable {
            var cols: UInt16
            var rows: UInt16
        }
        var resize: Size?
    }

    func run() async throws {
        let (replay, output, detach) = terminal.attach()
        defer { detach() }
        if !replay.isEmpty { try await connection.send(binary: replay) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await bytes in output { try await connection.send(binary: bytes) }
                await connection.close(code: .normalClosure, reason: "the terminal has ended")
            }
            group.addTask {
                while let message = try await connection.receive() { try await handle(message) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func handle(_ message: WebSocketMessage) async throws {
        activity.record()
        switch message {
        case .binary(let bytes):
            try await terminal.write(bytes)
        case .text(let text):
            if text.hasPrefix("{"), let control = try? JSONDecoder().decode(Control.self, from: Data(text.utf8)),
                let size = control.resize
            {
                try terminal.resize(columns: size.cols, rows: size.rows)
            } else {
                try await terminal.write(Array(text.utf8))
            }
        }
    }
}
