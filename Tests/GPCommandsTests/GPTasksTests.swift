import Foundation
import Supervisor
import TestSupport
import Testing

@testable import GPCommands

/// `gp tasks` against a real supervisor running real tasks.
@Suite struct GPTasksTests {
    @Test func listShowsTerminalsNamesAndStates() async throws {
        let workspace = try await GPWorkspace.start(tasks: [
            TaskConfiguration(name: "server", command: "sleep 600"),
            TaskConfiguration(name: "broken", before: "exit 7"),
        ])
        let tasks = try await workspace.waitForTasks { tasks in
            tasks[0].state == .running && tasks[1].state != .pending && tasks[1].state != .running
        }
        let list = await workspace.gp(["tasks", "list"])
        #expect(list.status == 0)
        let server = try #require(tasks[0].terminalID)
        let broken = try #require(tasks[1].terminalID)
        let lines = list.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("| TERMINAL ID | NAME   | STATE") == true)
        #expect(lines.contains { $0.hasPrefix("| \(server)           | server | running") })
        #expect(
            lines.contains { $0.hasPrefix("| \(broken)           | broken | failed (before failed with exit code 7)") })
        try await workspace.stop()
    }

    @Test func listSaysWhenThereAreNoTasks() async throws {
        let workspace = try await GPWorkspace.start()
        #expect(await workspace.gp(["tasks", "list"]).output == "No tasks detected\n")
        try await workspace.stop()
    }

    @Test func stopEndsOneTaskByTerminalIDAndAllWithAll() async throws {
        let workspace = try await GPWorkspace.start(tasks: [
            TaskConfiguration(name: "one", command: "sleep 600"),
            TaskConfiguration(name: "two", command: "sleep 600"),
            TaskConfiguration(name: "three", command: "sleep 600"),
        ])
        let tasks = try await workspace.waitForTasks { $0.allSatisfy { $0.state == .running } }
        let first = try #require(tasks[0].terminalID)
        let stopped = await workspace.gp(["tasks", "stop", first])
        #expect(stopped.status == 0)
        _ = try await workspace.waitForTasks { $0[0].state == .exited(code: 128 + SIGTERM) }
        #expect(workspace.supervisor.tasks[1].state == .running)

        let again = await workspace.gp(["tasks", "stop", first])
        #expect(again.status == 1)
        #expect(again.errors.hasPrefix("gp: the selected task was not found or already stopped: \(first);"))

        #expect(await workspace.gp(["tasks", "stop", "--all"]).status == 0)
        _ = try await workspace.waitForTasks { $0.allSatisfy { $0.state == .exited(code: 128 + SIGTERM) } }
        #expect(await workspace.gp(["tasks", "stop", "-a"]).output == "There are no running tasks\n")
        try await workspace.stop()
    }

    @Test func attachStreamsTheOnlyRunningTaskUntilItsTerminalEnds() async throws {
        let workspace = try await GPWorkspace.start(tasks: [
            TaskConfiguration(
                name: "waiter",
                command: "echo started-$((20+1)); while [ ! -e release ]; do sleep 0.05; done; echo finished-$((40+2))")
        ])
        _ = try await workspace.waitForTasks { $0[0].state == .running }
        let output = TextBuffer()
        let attach = Task { await workspace.gp(["tasks", "attach"], output: output) }
        try await output.waitFor("started-21")
        #expect(FileManager.default.createFile(atPath: workspace.directory.path + "/release", contents: nil))
        let outcome = try await withTimeout { await attach.value }
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("finished-42"))
        #expect(outcome.errors.isEmpty)
        try await workspace.stop()
    }

    @Test func attachNamesWhatIsMissing() async throws {
        let workspace = try await GPWorkspace.start(tasks: [
            TaskConfiguration(name: "a", command: "sleep 600"), TaskConfiguration(name: "b", command: "sleep 600"),
        ])
        #expect(await workspace.gp(["tasks", "attach", "9"]).errors.hasPrefix("gp: terminal 9 is not open"))
        _ = try await workspace.waitForTasks { $0.allSatisfy { $0.state == .running } }
        let ambiguous = await workspace.gp(["tasks", "attach"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.errors.hasPrefix("gp: 2 tasks are running: pass the terminal ID of one of them"))
        try await workspace.stop()
        let empty = try await GPWorkspace.start()
        #expect(await empty.gp(["tasks", "attach"]).output == "There are no running tasks\n")
        try await empty.stop()
    }
}
