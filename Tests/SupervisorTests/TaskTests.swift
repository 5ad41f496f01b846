import Foundation
import Supervisor
import TestSupport
import Testing

@Suite struct TaskTests {
    @Test func scriptQuotesSnippetsAndSkipsInitUnlessFresh() {
        let task = TaskConfiguration(before: "echo 'b'", init: "echo i", command: "echo c")
        let fresh = TaskScript.chain(for: task, mode: .start(fresh: true), statusFile: "/tmp/s")
        #expect(fresh.contains("eval 'echo '\\''b'\\''' || exit"))
        #expect(fresh.contains("eval 'echo i'"))
        #expect(!TaskScript.chain(for: task, mode: .start(fresh: false), statusFile: "/tmp/s").contains("echo i"))
        #expect(TaskScript.finalState(exitCode: 3, statusFileText: "init 3") == .failed(step: .`init`, code: 3))
        #expect(TaskScript.finalState(exitCode: 0, statusFileText: nil) == .exited(code: 0))
        #expect(TaskScript.finalState(exitCode: 1, statusFileText: "garbage") == .exited(code: 1))
    }

    @Test func decodesTheConfigurationFile() throws {
        let text = #"{"tasks":[{"name":"a","before":"b","init":"i","command":"c","env":{"K":"V"}}],"env":{"G":"1"}}"#
        let configuration = try JSONDecoder().decode(SupervisorConfiguration.self, from: Data(text.utf8))
        #expect(
            configuration
                == SupervisorConfiguration(
                    tasks: [TaskConfiguration(name: "a", before: "b", init: "i", command: "c", env: ["K": "V"])],
                    env: ["G": "1"]))
        #expect(try JSONDecoder().decode(SupervisorConfiguration.self, from: Data("{}".utf8)).tasks.isEmpty)
        #expect(throws: SupervisorError.self) { try SupervisorConfiguration.load(path: "/nonexistent/tasks.json") }
    }

    @Test(arguments: [true, false])
    func runsTheChainInOrderInATerminal(fresh: Bool) async throws {
        let configuration = SupervisorConfiguration(
            tasks: [
                TaskConfiguration(
                    name: "build", before: "echo before >> order; export FROM_BEFORE=seen",
                    init: "echo init >> order",
                    command: "echo command >> order; echo \"$GREETING $TASK_VAR $FROM_BEFORE\"; tty",
                    env: ["TASK_VAR": "task-env"]),
                TaskConfiguration(
                    name: "broken", before: "echo broken-before; exit 7", init: "touch init-ran",
                    command: "touch command-ran"),
                TaskConfiguration(name: "fails", command: "exit 3"),
            ],
            env: ["GREETING": "hello"])
        let harness = try await SupervisorHarness.start(configuration: configuration, fresh: fresh)
        let tasks = try await harness.waitForTasks { tasks in
            tasks.count == 3 && tasks.allSatisfy { ["exited", "failed"].contains($0["state"] as? String) }
        }
        let directory = harness.directory.path
        let order = try String(contentsOfFile: directory + "/order", encoding: .utf8)
        #expect(order == (fresh ? "before\ninit\ncommand\n" : "before\ncommand\n"))
        #expect(tasks[0]["name"] as? String == "build")
        #expect(tasks[0]["state"] as? String == "exited")
        #expect(tasks[0]["exitCode"] as? Int == 0)
        #expect(tasks[1]["state"] as? String == "failed")
        #expect(tasks[1]["failedStep"] as? String == "before")
        #expect(tasks[1]["exitCode"] as? Int == 7)
        #expect(!FileManager.default.fileExists(atPath: directory + "/init-ran"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/command-ran"))
        #expect(tasks[2]["state"] as? String == "exited")
        #expect(tasks[2]["exitCode"] as? Int == 3)

        let terminalID = try #require(tasks[0]["terminal"] as? String)
        let output = String(
            decoding: try #require(harness.supervisor.terminal(id: terminalID)).scrollback, as: UTF8.self)
        #expect(output.contains("hello task-env seen"))
        #expect(output.contains("/dev/pts/"))
        let brokenID = try #require(tasks[1]["terminal"] as? String)
        let brokenOutput = try #require(harness.supervisor.terminal(id: brokenID))
        #expect(String(decoding: brokenOutput.scrollback, as: UTF8.self).contains("broken-before"))
        let status = try #require(try await harness.json("/status") as? [String: Any])
        #expect(status["ready"] as? Bool == true)
        #expect(status["tasks"] as? Int == 3)
        try await harness.stop()
    }

    @Test func shutdownStopsALongRunningTask() async throws {
        let configuration = SupervisorConfiguration(tasks: [TaskConfiguration(command: "sleep 600")])
        let harness = try await SupervisorHarness.start(configuration: configuration)
        _ = try await harness.waitForTasks { $0.first?["state"] as? String == "running" }
        let started = ContinuousClock.now
        try await harness.stop()
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(harness.supervisor.tasks.first?.state == .exited(code: 128 + SIGTERM))
    }
}
