import Basics
import Foundation
import HTTP
import Supervisor
import TestSupport
import Testing

/// The routes `gp` uses: sync points, task stop and workspace info.
@Suite struct GPRoutesTests {
    private func object(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    private func errorEnvelope(_ body: String) throws -> (code: String?, message: String?) {
        let error = try #require(try object(body)["error"] as? [String: Any])
        return (error["code"] as? String, error["message"] as? String)
    }

    /// Waits until `count` waits are in progress on the supervisor's sync points.
    private func waitForWaiters(_ count: Int, in harness: SupervisorHarness) async throws {
        try await withTimeout {
            while harness.supervisor.syncPoints.waiterCount != count { try await Task.sleep(for: .milliseconds(10)) }
        }
    }

    @Test func awaitTimesOutThenReturnsOnceDoneAndAtOnceAfterwards() async throws {
        let harness = try await SupervisorHarness.start()
        let early = try await harness.request(.get, "/sync/build/await?timeout=0.2")
        #expect(early.status == 408)
        let (code, message) = try errorEnvelope(early.body)
        #expect(code == "timeout")
        #expect(message == "'build' was not done within 0.2 s; ask again to keep waiting")
        #expect(harness.supervisor.syncPoints.waiterCount == 0)

        // Two waits without a timeout of their own, released by one done.
        let waiters = (0..<2).map { _ in Task { try await harness.request(.get, "/sync/build/await") } }
        try await waitForWaiters(2, in: harness)
        let done = try await harness.request(.post, "/sync/build/done")
        #expect(done.status == 200)
        #expect(try object(done.body)["name"] as? String == "build")
        for waiter in waiters {
            let answer = try await withTimeout { try await waiter.value }
            #expect(answer.status == 200)
            #expect(try object(answer.body)["name"] as? String == "build")
        }
        let late = try await harness.request(.get, "/sync/build/await?timeout=0.01")
        #expect(late.status == 200)
        // Marking done again is harmless.
        #expect(try await harness.request(.post, "/sync/build/done").status == 200)
        try await harness.stop()
    }

    @Test func namesAreDecodedAndCheckedAndTimeoutsBounded() async throws {
        let harness = try await SupervisorHarness.start()
        #expect(try await harness.request(.post, "/sync/a%2Fb%20c/done").status == 200)
        #expect(harness.supervisor.syncPoints.isDone("a/b c"))
        let long = String(repeating: "x", count: SyncPoints.maxNameLength + 1)
        let tooLong = try await harness.request(.post, "/sync/\(long)/done")
        #expect(tooLong.status == 400)
        #expect(try errorEnvelope(tooLong.body).message == "a sync point's name must have 1 to 256 bytes")
        for bad in ["0", "-1", "soon", "601", "nan"] {
            let answer = try await harness.request(.get, "/sync/x/await?timeout=\(bad)")
            #expect(answer.status == 400)
            #expect(
                try errorEnvelope(answer.body).message
                    == "invalid timeout '\(bad)': expected a number of seconds above 0 and at most 600")
        }
        #expect(try await harness.request(.get, "/sync/x/done").status == 405)
        try await harness.stop()
    }

    @Test func shutdownReleasesWaitsAtOnce() async throws {
        let harness = try await SupervisorHarness.start()
        let waiter = Task { try await harness.request(.get, "/sync/never/await?timeout=600") }
        try await waitForWaiters(1, in: harness)
        let started = ContinuousClock.now
        try await harness.stop()
        #expect(ContinuousClock.now - started < .seconds(2))
        let answer = try await withTimeout { try await waiter.value }
        #expect(answer.status == 503)
        #expect(try errorEnvelope(answer.body).message == "the supervisor is stopping")
    }

    @Test func stopSendsSIGTERMThenSIGKILLToATasksProcessGroup() async throws {
        let configuration = SupervisorConfiguration(tasks: [
            TaskConfiguration(name: "polite", command: "sleep 600"),
            TaskConfiguration(name: "stubborn", command: "trap '' TERM; touch trapped; while true; do sleep 0.1; done"),
            TaskConfiguration(name: "quick", command: "true"),
        ])
        let harness = try await SupervisorHarness.start(configuration: configuration)
        let directory = harness.directory.path
        _ = try await harness.waitForTasks { tasks in
            tasks.count == 3 && tasks[0]["state"] as? String == "running"
                && tasks[1]["state"] as? String == "running" && tasks[2]["state"] as? String == "exited"
                && FileManager.default.fileExists(atPath: directory + "/trapped")
        }

        let polite = try await harness.request(.post, "/tasks/1/stop")
        #expect(polite.status == 200)
        #expect(try object(polite.body)["signal"] as? String == "SIGTERM")
        // The harness's grace period is 2 s: the stubborn task outlives it and is killed.
        let started = ContinuousClock.now
        let stubborn = try await harness.request(.post, "/tasks/2/stop")
        #expect(stubborn.status == 200)
        #expect(try object(stubborn.body)["signal"] as? String == "SIGKILL")
        #expect(ContinuousClock.now - started >= .seconds(2))

        let tasks = try await harness.waitForTasks { tasks in
            tasks.prefix(2).allSatisfy { $0["state"] as? String == "exited" }
        }
        #expect(tasks[0]["exitCode"] as? Int == 128 + Int(SIGTERM))
        #expect(tasks[1]["exitCode"] as? Int == 128 + Int(SIGKILL))

        let again = try await harness.request(.post, "/tasks/1/stop")
        #expect(again.status == 409)
        #expect(try errorEnvelope(again.body).message == "task '1' is not running: it is exited")
        let unknown = try await harness.request(.post, "/tasks/9/stop")
        #expect(unknown.status == 404)
        #expect(try errorEnvelope(unknown.body).message == "no task '9'")
        try await harness.stop()
    }

    @Test func infoReportsTheWorkspaceIdentityFromTheEnvironment() async throws {
        let configuration = SupervisorConfiguration(env: [
            "GITPOD_WORKSPACE_ID": "abc123", "GITPOD_INSTANCE_ID": "inst-1",
            "GITPOD_WORKSPACE_URL": "http://abc123.localhost:8080", "GITPOD_REPO_ROOT": "/workspace/repo",
            "GITPOD_WORKSPACE_CLUSTER_HOST": "",
        ])
        let harness = try await SupervisorHarness.start(configuration: configuration)
        let (status, body) = try await harness.request(.get, "/info")
        #expect(status == 200)
        let info = try JSONDecoder().decode(WorkspaceInfo.self, from: Data(body.utf8))
        #expect(
            info
                == WorkspaceInfo(
                    workspaceID: "abc123", instanceID: "inst-1", workspaceURL: "http://abc123.localhost:8080",
                    repoRoot: "/workspace/repo", version: SwiftpodVersion.current))
        // Absent and empty values are left out rather than sent as empty strings.
        #expect(try object(body)["clusterHost"] == nil)
        #expect(try object(body)["contextURL"] == nil)
        try await harness.stop()
    }
}
