import Foundation
import Supervisor
import TestSupport
import Testing

@testable import GPCommands

/// `gp sync-await` and `gp sync-done`, in-process and as the real `gp` binary inside a task.
@Suite struct GPSyncTests {
    /// The binary `swift build` put beside the test bundle.
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/gp").path

    @Test func awaitBlocksUntilDoneAndReturnsAtOnceAfterwards() async throws {
        let workspace = try await GPWorkspace.start()
        let early = await workspace.gp(["sync-await", "deps", "--timeout", "0.2"])
        #expect(early.status == 1)
        #expect(early.errors == "gp: 'deps' was not done within 0.2 s\n")

        let waiter = Task { await workspace.gp(["sync-await", "deps"]) }
        try await withTimeout {
            while workspace.supervisor.syncPoints.waiterCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        let done = await workspace.gp(["sync-done", "deps"])
        #expect(done.status == 0)
        #expect(done.output.isEmpty)
        let released = try await withTimeout { await waiter.value }
        #expect(released.status == 0)
        #expect(released.output == "deps done\n")
        #expect(await workspace.gp(["sync-await", "deps", "--timeout", "0.01"]).output == "deps done\n")
        try await workspace.stop()
    }

    @Test func namesWithSlashesAndSpacesSurviveThePath() async throws {
        let workspace = try await GPWorkspace.start()
        #expect(await workspace.gp(["sync-done", "build/web app"]).status == 0)
        #expect(workspace.supervisor.syncPoints.isDone("build/web app"))
        #expect(await workspace.gp(["sync-await", "build/web app"]).output == "build/web app done\n")
        try await workspace.stop()
    }

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
}
