import Foundation
import Supervisor
import TestSupport
import Testing

@testable import GPCommands

/// `gp sync-await` and `gp sync-done`.
@Suite struct GPSyncTests {
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
}
