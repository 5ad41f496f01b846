import Foundation
import HTTPServer
import SwiftpodClient
import TestSupport
import Testing

/// The client's streams against an HTTP server of ours that answers as the API's streaming routes do.
@Suite struct APIClientStreamTests {
    static func workspaceJSON(_ phase: String) -> String {
        #"{"id":"ws1","phase":"\#(phase)","phaseTimes":{"preparing":"2026-12-04T21:00:00Z"},"failure":null,"#
            + #""contextURL":"file:///r.git","repository":{"cloneURL":"file:///r.git","ref":null,"commit":"abc"},"#
            + #""contentSource":null,"ideURL":"http://ws1.localhost:8080","image":null,"#
            + #""createdAt":"2026-12-04T21:00:00Z","ports":[]}"#
    }

    /// Events in pieces that cut lines, with a keep-alive comment between; then the stream ends.
    static func router() -> any HTTPResponder {
        var router = Router()
        router.get("/api/v1/workspaces/ws1/events") { request, _ in
            #expect(request.headers["Authorization"] == "Bearer swp_test")
            let text =
                "event: phase\ndata: \(workspaceJSON("preparing"))\n\n: keep-alive\n\n"
                + "event: phase\ndata: \(workspaceJSON("creating"))\n\nevent: phase\ndata: \(workspaceJSON("running"))\n\n"
            return HTTPResponse(
                headers: ["Content-Type": "text/event-stream"],
                body: .stream { writer in
                    var rest = Substring(text)
                    while !rest.isEmpty {
                        try await writer.write(String(rest.prefix(37)))
                        rest = rest.dropFirst(37)
                    }
                })
        }
        router.get("/api/v1/workspaces/events") { _, _ in
            let text =
                "event: phase\ndata: \(workspaceJSON("preparing"))\n\nevent: deleted\ndata: {\"id\":\"ws0\"}\n\n"
                + "event: other\ndata: {}\n\n: keep-alive\n\nevent: phase\ndata: \(workspaceJSON("running"))\n\n"
            return HTTPResponse(
                headers: ["Content-Type": "text/event-stream"], body: .stream { try await $0.write(text) })
        }
        router.get("/api/v1/workspaces/ws1/logs") { request, _ in
            #expect(request.queryParameters["follow"] == "1")
            return HTTPResponse(
                headers: ["Content-Type": "text/plain"],
                body: .stream { writer in
                    try await writer.write("== task web ==\n")
                    try await writer.write("serving\n")
                })
        }
        return router.responder()
    }

    @Test func followsPhaseChangesUntilTheHandlerStopsOrTheStreamEnds() async throws {
        let running = try await RunningServer.start(Self.router())
        let client = APIClient(server: try ServerURL(running.url), credential: .bearer("swp_test"))
        var phases: [String] = []
        let stopped = try await client.followEvents(workspaceID: "ws1") { workspace in
            phases.append(workspace.phase)
            return workspace.phase != "creating"
        }
        #expect(stopped == .stopped)
        #expect(phases == ["preparing", "creating"])
        phases = []
        let ended = try await client.followEvents(workspaceID: "ws1") { workspace in
            phases.append(workspace.phase)
            return true
        }
        #expect(ended == .serverClosed)
        #expect(phases == ["preparing", "creating", "running"])

        var changes: [String] = []
        let all = try await client.followAllEvents { event in
            switch event {
            case .phase(let workspace): changes.append("\(workspace.id) \(workspace.phase)")
            case .deleted(let id): changes.append("\(id) deleted")
            }
            return true
        }
        #expect(all == .serverClosed)
        #expect(changes == ["ws1 preparing", "ws0 deleted", "ws1 running"])

        var log: [UInt8] = []
        try await client.logs(workspaceID: "ws1", follow: true) { log += $0 }
        #expect(String(decoding: log, as: UTF8.self) == "== task web ==\nserving\n")
        let missing = try await #require(throws: APIClientError.self) {
            try await client.followEvents(workspaceID: "nope") { _ in true }
        }
        #expect(missing.isNotFound)
        await running.stop()
    }
}
