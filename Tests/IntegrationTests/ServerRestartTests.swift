import Basics
import ContainerEngine
import Foundation
import HTTP
import HTTPClient
import TestSupport
import Testing
import WorkspaceManager

/// The real `swiftpod server` killed with SIGKILL: in the middle of a start, and while a workspace runs. The next
/// server on the same data directory retires the abandoned start and leaves no container behind, and a running
/// workspace goes on running and stays reachable.
@Suite(.serialized) struct ServerRestartTests {
    @Test func aServerKilledMidStartOrWhileAWorkspaceRunsComesBackConsistent() async throws {
        try await withEngine(prefix: "server-restart") { engine, directory in
            let binaries = try await WorkspaceBinaries.directory()
            // The image build sleeps, so the start is sure to be `building` when the server is killed.
            let repository = try await LocalRepository(
                name: "restart",
                files: [
                    ".gitpod.yml": """
                    image:
                      file: Dockerfile
                    tasks:
                      - command: python3 -m http.server 8123 --bind 127.0.0.1
                    """,
                    "Dockerfile": "FROM swiftpod/workspace-base:latest\nRUN sleep 6 && echo \(UUID()) > /tmp/marker\n",
                ])
            var server = try await SwiftpodServerProcess.start(
                engineSocket: engine.socketPath, binaries: binaries, directory: directory.path)
            defer { server.kill() }
            let runtime = PodmanWorkspaceRuntime(client: engine, binariesDirectory: binaries, installation: "data")
            let created = try await APICaller(server).send(
                .post, "/api/v1/workspaces", json: ["contextURL": repository.contextURL])
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            _ = try await APICaller(server).waitForPhase(of: id, ["building"], timeout: .seconds(180))
            server.kill()

            // The next server retires the start it finds abandoned, and removes its container if it had one.
            server = try await server.next()
            let failed = try await APICaller(server).waitForPhase(of: id, ["failed"], timeout: .seconds(120))
            let failure = failed.json["failure"] as? String ?? ""
            #expect(failure.contains("abandoned while building"), "\(failure)")
            #expect(try await runtime.containers().isEmpty)

            // Started again, it runs; a server killed now leaves it running for the next one.
            let start = try await APICaller(server).send(.post, "/api/v1/workspaces/\(id)/start")
            #expect(start.status == 202 || start.status == 200, "\(start.body)")
            _ = try await APICaller(server).waitForPhase(of: id, ["running"], timeout: .seconds(300))
            #expect(try await Self.portStatus(server, 8123, of: id) == 200)
            server.kill()
            server = try await server.next()
            let after = try await APICaller(server).send(.get, "/api/v1/workspaces/\(id)")
            #expect(after.json["phase"] as? String == "running", "\(after.body)")
            #expect(try await runtime.containers().count == 1)
            #expect(try await Self.portStatus(server, 8123, of: id) == 200)

            let stop = try await APICaller(server).send(.post, "/api/v1/workspaces/\(id)/stop")
            #expect(stop.status == 202 || stop.status == 200, "\(stop.body)")
            _ = try await APICaller(server).waitForPhase(of: id, ["stopped"], timeout: .seconds(180))
            #expect(try await runtime.containers().isEmpty)
            try await server.stop()
        }
    }

    /// The status of `GET /` on port `port` of workspace `id` through the server's proxy, for its owner; a few
    /// tries, as the task may still be starting its dev server.
    static func portStatus(_ server: SwiftpodServerProcess, _ port: Int, of id: String) async throws -> Int {
        var status = 0
        for _ in 0..<50 {
            status = try await server.get(host: "\(port)-\(id).localhost:\(server.port)", token: server.adminToken)
                .status
            if status == 200 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return status
    }
}

/// Calls the public API with a bearer token.
struct APICaller {
    let base: String
    let token: String
    let client = HTTPClient()

    /// The server's API as its administrator.
    init(_ server: SwiftpodServerProcess) {
        base = "http://127.0.0.1:\(server.port)"
        token = server.adminToken
    }

    struct Answer: Sendable {
        var status: Int
        var body: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    func send(_ method: HTTPMethod, _ path: String, json: [String: String]? = nil) async throws -> Answer {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Connection": "close"]
        var body = HTTPClientRequest.Body.empty
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: json))))
        }
        let request = try HTTPClientRequest(url: base + path, method: method, headers: headers, body: body)
        let (head, answer) = try await client.send(request, deadline: .now + .seconds(120))
        return Answer(status: Int(head.status.code), body: String(decoding: answer.readableView, as: UTF8.self))
    }

    /// Polls the workspace until its phase is one of `phases`, and returns the last answer.
    /// - Throws: when it ends `failed` unexpectedly or the time runs out.
    func waitForPhase(of id: String, _ phases: Set<String>, timeout: Duration) async throws -> Answer {
        try await withTimeout(timeout) {
            while true {
                let answer = try await send(.get, "/api/v1/workspaces/\(id)")
                let phase = answer.json["phase"] as? String ?? ""
                if phases.contains(phase) { return answer }
                if phase == "failed" || phase == "stopped" {
                    throw FixtureFailure(description: "workspace \(id) is \(phase), not \(phases): \(answer.body)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
