import Foundation
import Supervisor
import TestSupport
import Testing
import WebSocket

/// The real `gp` binary, run where users run it: in a task, and in a terminal of the workspace.
@Suite struct GPBinaryTests {
    /// The binary `swift build` put beside the test bundle.
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/gp").path

    @Test func theGPBinaryInATaskWaitsForSyncDone() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the gp product first")
        let workspace = try await GPWorkspace.start(
            tasks: [
                TaskConfiguration(
                    name: "after-deps", command: "\"$GP\" sync-await deps && echo released-$((1+1))",
                    env: ["GP": Self.binary])
            ])
        _ = try await workspace.waitForTasks { $0[0].state == .running }
        try await withTimeout {
            while workspace.supervisor.syncPoints.waiterCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(await workspace.gp(["sync-done", "deps"]).status == 0)
        let tasks = try await workspace.waitForTasks { $0[0].state != .running }
        #expect(tasks[0].state == .exited(code: 0))
        let terminal = try #require(tasks[0].terminalID.flatMap { workspace.supervisor.terminal(id: $0) })
        let output = String(decoding: terminal.scrollback, as: UTF8.self)
        #expect(output.contains("deps done"))
        #expect(output.contains("released-2"))
        try await workspace.stop()
    }

    @Test func attachFromATerminalGoesRawSendsTheSizeAndInputAndRestoresTheTerminal() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the gp product first")
        let workspace = try await GPWorkspace.start(
            tasks: [
                TaskConfiguration(
                    name: "asker",
                    command: "until [ \"$(stty size)\" = '30 100' ]; do sleep 0.05; done; echo resized-ok; "
                        + "read answer; echo \"got-$answer\"")
            ],
            env: ["GP": Self.binary])
        let tasks = try await workspace.waitForTasks { $0[0].state == .running }
        let taskTerminal = try #require(tasks[0].terminalID)

        // A user's terminal in the workspace, 100 by 30, driven over its WebSocket.
        let shell = try workspace.supervisor.openTerminal()
        let socket = workspace.socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let connection = try await WebSocketClient.connect(url: "ws+unix://\(socket)/terminals/\(shell.id)/attach")
        let output = TextBuffer()
        let reader = Task {
            while let message = try await connection.receive() {
                switch message {
                case .binary(let bytes): output.append(String(decoding: bytes, as: UTF8.self))
                case .text(let text): output.append(text)
                }
            }
        }
        try await connection.send(text: #"{"resize":{"cols":100,"rows":30}}"#)
        try await connection.send(
            text: "stty -g > before; \"$GP\" tasks attach \(taskTerminal); stty -g > after; echo attach-$((6*7))\n")
        // gp sent the terminal's size to the task, which now asks for input.
        try await output.waitFor("resized-ok")
        try await connection.send(binary: Array("hello\r".utf8))
        try await output.waitFor("attach-42")
        #expect(output.text.contains("got-hello"))
        let directory = workspace.directory.path
        let before = try String(contentsOfFile: directory + "/before", encoding: .utf8)
        let after = try String(contentsOfFile: directory + "/after", encoding: .utf8)
        #expect(!before.isEmpty)
        #expect(before == after)
        // The task has printed its last line; its exit is recorded once the supervisor reaps it.
        let state = try await withTimeout {
            while workspace.supervisor.tasks[0].state == .running { try await Task.sleep(for: .milliseconds(20)) }
            return workspace.supervisor.tasks[0].state
        }
        #expect(state == .exited(code: 0))
        await connection.close()
        reader.cancel()
        try await workspace.stop()
    }
}
