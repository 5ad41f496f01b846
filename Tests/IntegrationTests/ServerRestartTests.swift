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
        try await withEngine(prefix: "server-restart") { engine, _ in
            let binaries = try await WorkspaceBinaries.directory()
            let scratch = try TemporaryDirectory(prefix: "swiftpod-restart")
            let data = scratch.path + "/data"
            let token = try await Self.makeAdminToken(dataDirectory: data)
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
            let options = ServerOptions(
                dataDirectory: data, binaries: binaries, engineSocket: engine.socketPath, scratch: scratch.path)

            var server = try await ServerUnderTest.start(options, run: 1)
            let api = APICaller(base: server.base, token: token)
            let created = try await api.send(.post, "/api/v1/workspaces", json: ["contextURL": repository.contextURL])
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            _ = try await api.waitForPhase(of: id, ["building"], timeout: .seconds(180))
            server.kill()

            // The next server retires the start it finds abandoned, and removes its container if it had one.
            server = try await ServerUnderTest.start(options, run: 2)
            let restarted = APICaller(base: server.base, token: token)
            let failed = try await restarted.waitForPhase(of: id, ["failed"], timeout: .seconds(120))
            let failure = failed.json["failure"] as? String ?? ""
            #expect(failure.contains("abandoned while building"), "\(failure)")
            let runtime = PodmanWorkspaceRuntime(
                client: engine, binariesDirectory: binaries, installation: URL(fileURLWithPath: data).lastPathComponent)
            #expect(try await runtime.containers().isEmpty)

            // Started again, it runs; a server killed now leaves it running for the next one.
            let start = try await restarted.send(.post, "/api/v1/workspaces/\(id)/start")
            #expect(start.status == 202 || start.status == 200, "\(start.body)")
            _ = try await restarted.waitForPhase(of: id, ["running"], timeout: .seconds(300))
            #expect(try await restarted.port(8123, of: id, serverPort: server.port) == 200)
            server.kill()
            server = try await ServerUnderTest.start(options, run: 3)
            let third = APICaller(base: server.base, token: token)
            let after = try await third.send(.get, "/api/v1/workspaces/\(id)")
            #expect(after.json["phase"] as? String == "running", "\(after.body)")
            #expect(try await runtime.containers().count == 1)
            #expect(try await third.port(8123, of: id, serverPort: server.port) == 200)

            let stop = try await third.send(.post, "/api/v1/workspaces/\(id)/stop")
            #expect(stop.status == 202 || stop.status == 200, "\(stop.body)")
            _ = try await third.waitForPhase(of: id, ["stopped"], timeout: .seconds(180))
            #expect(try await runtime.containers().isEmpty)
            try await server.terminate()
        }
    }

    /// An administrator made offline, and a token for them.
    static func makeAdminToken(dataDirectory: String) async throws -> String {
        let user = try await runProcess(
            ServerProcessTests.binary,
            ["admin", "create-user", "--data-dir", dataDirectory, "--username", "ada", "--admin", "--password-stdin"],
            input: "correct horse battery\n")
        try #require(user.status == 0, "\(user.standardError)")
        let token = try await runProcess(
            ServerProcessTests.binary, ["admin", "create-token", "--data-dir", dataDirectory, "--username", "ada"])
        try #require(token.status == 0, "\(token.standardError)")
        return try #require(token.standardOutput.split(separator: "\n").last.map(String.init))
    }
}

/// How each server of the test is run.
struct ServerOptions {
    var dataDirectory: String
    var binaries: String
    var engineSocket: String
    /// Where the servers' logs go.
    var scratch: String
}

/// One `swiftpod server` process.
struct ServerUnderTest {
    let process: Process
    let port: UInt16
    let log: String

    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts a server and waits until its workspaces are ready.
    static func start(_ options: ServerOptions, run: Int) async throws -> ServerUnderTest {
        let port = try NginxFixture.freePort()
        let log = options.scratch + "/server-\(run).log"
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcessTests.binary)
        process.arguments = [
            "server", "--listen", "127.0.0.1:\(port)", "--public-url", "http://localhost:\(port)", "--data-dir",
            options.dataDirectory, "--workspace-binaries", options.binaries, "--engine",
            "unix://\(options.engineSocket)", "--allow-local-repos", "--log-format", "json",
        ]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        let server = ServerUnderTest(process: process, port: port, log: log)
        do {
            try await withTimeout(.seconds(300)) {
                while true {
                    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    if text.contains("\"msg\":\"workspaces are ready\"") { return }
                    if text.contains("workspaces are unavailable") || !process.isRunning {
                        throw FixtureFailure(description: "server \(run) did not start its workspaces: \(text)")
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        } catch {
            server.kill()
            throw error
        }
        return server
    }

    /// SIGKILL, as a crash or an out-of-memory kill would end it, and waits for the process to be gone.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, and expects a clean exit.
    func terminate() async throws {
        process.terminate()
        let status = try await withTimeout(.seconds(60)) {
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return process.terminationStatus
        }
        #expect(status == 0)
    }
}

/// Calls the public API with a bearer token.
struct APICaller {
    let base: String
    let token: String
    let client = HTTPClient()

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

    /// The status of `GET /` on port `port` of workspace `id` through the server's proxy.
    func port(_ port: Int, of id: String, serverPort: UInt16) async throws -> Int {
        let request = try HTTPClientRequest(
            url: base + "/", method: .get,
            headers: [
                "Host": "\(port)-\(id).localhost:\(serverPort)", "Authorization": "Bearer \(token)",
                "Connection": "close",
            ])
        // The task may still be starting its server: a few tries.
        var status = 0
        for _ in 0..<50 {
            let (head, _) = try await client.send(request, deadline: .now + .seconds(30))
            status = Int(head.status.code)
            if status == 200 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return status
    }
}
