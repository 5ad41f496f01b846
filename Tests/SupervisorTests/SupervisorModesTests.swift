import Foundation
import HTTP
import HTTPClient
import NetIO
import Supervisor
import TestSupport
import Testing

/// Headless (prebuild) mode, the workspace user, activity and pushed port changes.
@Suite struct SupervisorModesTests {
    @Test func headlessRunsBeforeInitAndPrebuildLogsThemAndEndsWithTheFirstFailure() async throws {
        let configuration = SupervisorConfiguration(tasks: [
            TaskConfiguration(
                name: "deps", before: "echo step-before", init: "echo step-init", prebuild: "echo step-prebuild",
                command: "echo step-command"),
            TaskConfiguration(name: "broken", init: "echo about-to-fail; exit 3", command: "echo never"),
            TaskConfiguration(command: "echo only-a-command"),
        ])
        let harness = try await SupervisorHarness.start(configuration: configuration) { options, directory in
            options.headless = true
            options.headlessLogPath = directory.path + "/headless.log"
        }
        // The supervisor ends by itself once the tasks have ended.
        try await withTimeout { try await harness.task.value }
        #expect(harness.supervisor.headlessExitStatus == 3)
        let log = try String(contentsOfFile: harness.directory.path + "/headless.log", encoding: .utf8)
        #expect(log.contains("[deps] step-before"))
        #expect(log.contains("[deps] step-init"))
        #expect(log.contains("[deps] step-prebuild"))
        #expect(log.contains("[broken] about-to-fail"))
        #expect(!log.contains("step-command"))
        #expect(!log.contains("never"))
        #expect(!log.contains("only-a-command"))
        let states = harness.supervisor.tasks.map(\.state)
        #expect(states == [.exited(code: 0), .failed(step: .`init`, code: 3), .exited(code: 0)])
    }

    @Test func headlessSucceedsWhenEveryTaskDoes() async throws {
        let configuration = SupervisorConfiguration(tasks: [TaskConfiguration(init: "true")])
        let harness = try await SupervisorHarness.start(configuration: configuration) { options, directory in
            options.headless = true
            options.headlessLogPath = directory.path + "/headless.log"
        }
        try await withTimeout { try await harness.task.value }
        #expect(harness.supervisor.headlessExitStatus == 0)
    }

    @Test func tasksAndTerminalsRunAsTheWorkspaceUser() async throws {
        let nobody = try WorkspaceUser.lookUp("nobody")
        #expect(nobody.uid == 65534)
        #expect(try WorkspaceUser.lookUp("65534") == nobody)
        let configuration = SupervisorConfiguration(tasks: [
            TaskConfiguration(name: "who", command: "echo \"who=$(id -u):$(id -g) home=$HOME user=$USER\"")
        ])
        let harness = try await SupervisorHarness.start(configuration: configuration) { options, directory in
            chmod(directory.path, 0o755)
            options.user = nobody
        }
        _ = try await harness.waitForTasks { $0.first?["state"] as? String == "exited" }
        let terminal = try #require(harness.supervisor.terminals.first)
        let output = String(decoding: terminal.scrollback, as: UTF8.self)
        // The configuration's environment (here the harness's HOME) wins over the user's login variables.
        #expect(output.contains("who=65534:65534 home=\(harness.directory.path) user=nobody"))
        let shell = try harness.supervisor.openTerminal(arguments: ["/bin/sh", "-c", "id -u"])
        #expect(await harness.supervisor.children.exitCode(of: shell.pid) == 0)
        try await withTimeout {
            while !String(decoding: shell.scrollback, as: UTF8.self).contains("65534") {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await harness.stop()
    }

    @Test func anUnknownUserAndAnUnreachableDirectoryAreClearErrors() async throws {
        let error = #expect(throws: SupervisorError.self) { try WorkspaceUser.lookUp("no-such-user-here") }
        #expect(error?.message == "--user 'no-such-user-here': no such user in the image's /etc/passwd")
        let configuration = SupervisorConfiguration(tasks: [TaskConfiguration(name: "t", command: "true")])
        let harness = try await SupervisorHarness.start(configuration: configuration) { options, _ in
            options.workspaceDirectory = "/nonexistent/workspace"
        }
        let tasks = try await harness.waitForTasks { $0.first?["state"] as? String == "failed" }
        #expect(tasks.first?["exitCode"] as? Int == 127)
        let spawn = #expect(throws: SupervisorError.self) {
            try harness.supervisor.openTerminal()
        }
        #expect(spawn?.message.contains("No such file or directory") == true)
        try await harness.stop()
    }

    @Test func reportsReadinessAndActivity() async throws {
        let harness = try await SupervisorHarness.start(
            configuration: SupervisorConfiguration(tasks: [
                TaskConfiguration(command: "sleep 30")
            ]))
        try await withTimeout {
            while (try await harness.json("/status") as? [String: Any])?["ready"] as? Bool != true {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let first = try #require(try await harness.json("/activity") as? [String: Any])
        let before = try #require(first["lastActivity"] as? String)
        try await Task.sleep(for: .milliseconds(1100))
        let (status, body) = try await harness.request(.post, "/activity")
        #expect(status == 200)
        let after = try #require(
            (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["lastActivity"] as? String)
        let parse = Date.ISO8601FormatStyle()
        #expect(try parse.parse(after) > parse.parse(before))
        try await harness.stop()
    }

    @Test func pushesPortChangesAsServerSentEvents() async throws {
        let harness = try await SupervisorHarness.start()
        let response = try await harness.client.execute(
            HTTPClientRequest(url: "http+unix://\(harness.encodedSocket)/ports/events"))
        #expect(response.headers["Content-Type"] == "text/event-stream")
        var text = ""
        func nextEvent() async throws -> String {
            while !text.contains("\n\n") {
                guard let chunk = try await response.read(deadline: .now + .seconds(30)) else { break }
                text += String(decoding: chunk.readableView, as: UTF8.self)
            }
            let end = try #require(text.range(of: "\n\n"))
            defer { text.removeSubrange(..<end.upperBound) }
            return String(text[..<end.lowerBound])
        }
        let initial = try await nextEvent()
        #expect(initial.hasPrefix("event: ports\ndata: ["))
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        defer { listener.close() }
        let port = try #require(listener.address.port)
        var sawPort = false
        while !sawPort {
            let event = try await nextEvent()
            sawPort = event.contains("\"port\":\(port)")
        }
        #expect(sawPort)
        try await harness.stop()
    }
}
