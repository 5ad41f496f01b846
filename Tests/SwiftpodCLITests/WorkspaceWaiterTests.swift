import Foundation
import HTTPServer
import SwiftpodClient
import TestSupport
import Testing

@testable import SwiftpodCLI

/// `--wait` against a server of ours that streams phase events as the API does.
@Suite struct WorkspaceWaiterTests {
    static func event(_ phase: String, _ times: [String: Int], failure: String? = nil) -> String {
        let phaseTimes = times.map { "\"\($0.key)\":\"\(iso(1_000_000 + $0.value))\"" }.joined(separator: ",")
        let failureJSON = failure.map { "\"\($0)\"" } ?? "null"
        let json =
            #"{"id":"ws1","phase":"\#(phase)","phaseTimes":{\#(phaseTimes)},"failure":\#(failureJSON),"#
            + #""contextURL":"file:///r.git","repository":{"cloneURL":"file:///r.git","ref":null,"commit":"abc"},"#
            + #""contentSource":null,"ideURL":"http://ws1.localhost:8080","image":null,"#
            + #""createdAt":"2026-12-04T21:00:00Z","ports":[]}"#
        return "event: phase\ndata: \(json)\n\n"
    }

    static func iso(_ seconds: Int) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).ISO8601Format()
    }

    /// `/api/v1/workspaces/<phases>/events` streams the events its path names; `stuck` never ends.
    static func router() -> any HTTPResponder {
        var router = Router()
        router.get("/api/v1/workspaces/:id/events") { _, context in
            let id = try context.parameter("id")
            return HTTPResponse(
                headers: ["Content-Type": "text/event-stream"],
                body: .stream { writer in
                    switch id {
                    case "starts":
                        try await writer.write(event("preparing", ["preparing": 0]))
                        try await writer.write(event("creating", ["preparing": 0, "creating": 2]))
                        try await writer.write(event("running", ["preparing": 0, "creating": 2, "running": 5]))
                    case "fails":
                        try await writer.write(
                            event("failed", ["preparing": 0, "failed": 3], failure: "the image is missing"))
                    default:
                        // Keep-alives until the client leaves, and the write fails.
                        try await writer.write(event("preparing", ["preparing": 0]))
                        for _ in 0..<300 {
                            try await Task.sleep(for: .milliseconds(100))
                            try await writer.write(": keep-alive\n\n")
                        }
                    }
                })
        }
        return router.responder()
    }

    @Test func printsPlainLinesAndReturnsTheFinalState() async throws {
        let running = try await RunningServer.start(Self.router())
        let client = APIClient(server: try ServerURL(running.url), credential: .bearer("swp_x"))
        let directory = try TemporaryDirectory(prefix: "waiter")
        let path = directory.path + "/out"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(descriptor) }
        let waiter = WorkspaceWaiter(client: client, descriptor: descriptor)
        #expect(!waiter.isTerminal)

        let final = try await waiter.wait(workspaceID: "starts", progress: .start(), timeout: TestTimeout.loopback)
        #expect(final.phase == "running")
        // The events' phase times are from 1970: the first phase's time comes from them alone.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines == ["phase preparing 2.0s", "phase creating 0.0s"])

        let failed = try await waiter.wait(workspaceID: "fails", progress: .start(), timeout: TestTimeout.loopback)
        #expect(failed.failure == "the image is missing")
        #expect(throws: ClientCommandError.self) {
            try WorkspaceOutcome.report(failed, expected: "running", json: false)
        }

        let stuck = try await #require(throws: ClientCommandError.self) {
            try await waiter.wait(workspaceID: "stuck", progress: .start(), timeout: .seconds(1))
        }
        #expect(
            stuck.description == "gave up waiting for workspace stuck after 1.0s (see 'swiftpod workspace get stuck')")
        await running.stop()
    }
}
