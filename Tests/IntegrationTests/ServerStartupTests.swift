import Basics
import ContainerEngine
import Foundation
import HTTP
import HTTPClient
import TestSupport
import Testing

/// `swiftpod server` as users start it: with a Podman service, a fresh data directory and no users yet.
@Suite struct ServerStartupTests {
    /// How long the server may take to find or start the engine and make sure the base image is there (a first
    /// build on a machine that lacks it takes minutes).
    static let workspacesReadyTimeout: Duration = .seconds(1800)

    @Test func serverStartsItsEnginePrintsTheSetupLinkAndServesTheAPI() async throws {
        try await withEngine(prefix: "server-e2e") { engine, _ in
            try await startServer(engine: engine)
        }
    }

    private func startServer(engine: EngineClient) async throws {
        let binaries = try await WorkspaceBinaries.directory()
        let port = try NginxFixture.freePort()
        let directory = try TemporaryDirectory(prefix: "swiftpod-server-e2e")
        let log = directory.path + "/server.log"
        let output = directory.path + "/server.out"
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        #expect(FileManager.default.createFile(atPath: output, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcessTests.binary)
        process.arguments = [
            "server", "--listen", "127.0.0.1:\(port)", "--public-url", "http://localhost:\(port)", "--data-dir",
            directory.path + "/data", "--workspace-binaries", binaries, "--engine", "unix://\(engine.socketPath)",
            "--log-format", "json",
        ]
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let client = HTTPClient()
        let base = "http://127.0.0.1:\(port)"
        let health = try await withTimeout(TestTimeout.loopback) {
            while true {
                if let (head, body) = try? await client.send(HTTPClientRequest(url: base + "/api/v1/health")),
                    head.status == .ok
                {
                    return String(decoding: body.readableView, as: UTF8.self)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(health.contains("\"status\":\"ok\""))

        let printed = try await waitForLine(in: output, containing: "/setup?token=", timeout: TestTimeout.loopback)
        let link = try #require(printed.split(separator: " ").last.map(String.init))
        #expect(link.hasPrefix("http://localhost:\(port)/setup?token="))
        let token = try #require(link.split(separator: "=").last.map(String.init))
        let setup = try await client.send(
            HTTPClientRequest(
                url: base + "/api/v1/setup", method: .post, headers: ["Content-Type": "application/json"],
                body: .bytes(ByteBuffer(string: #"{"token":"\#(token)","username":"root","password":"correct horse"}"#))
            ))
        #expect(setup.head.status.code == 201, "\(String(decoding: setup.body.readableView, as: UTF8.self))")

        // The engine answers, the base image is there (built when missing), and the manager and reconciler run.
        let ready = try await waitForLine(
            in: log, containing: "\"msg\":\"workspaces are ready\"", timeout: Self.workspacesReadyTimeout,
            failingOn: "workspaces are unavailable")
        #expect(ready.contains("\"engine\":\"explicit\""))
        // The workspace manager counts in the server's registry: its series are there from the start.
        let (_, metrics) = try await client.send(HTTPClientRequest(url: base + "/metrics"))
        let text = String(decoding: metrics.readableView, as: UTF8.self)
        #expect(text.contains("swiftpod_ws_manager_workspace_starts_total 0"))
        #expect(text.contains("swiftpod_ws_manager_workspace_stops_total{reason=\"timeout\"} 0"))
        #expect(text.contains("swiftpod_ws_manager_workspace_startup_seconds_bucket{le=\"2\"} 0"))

        process.terminate()
        let exited = try await withTimeout(.seconds(60)) {
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return process.terminationStatus
        }
        #expect(exited == 0)
    }

    /// The first line of `path` that contains `text`, polled until `timeout`.
    /// - Throws: when a line contains `failure` first, or the time runs out.
    private func waitForLine(
        in path: String, containing text: String, timeout: Duration, failingOn failure: String? = nil
    ) async throws -> String {
        try await withTimeout(timeout) {
            while true {
                let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n") ?? []
                if let line = lines.first(where: { $0.contains(text) }) { return String(line) }
                if let failure, let line = lines.first(where: { $0.contains(failure) }) {
                    throw ServerStartupError(line: String(line))
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}

struct ServerStartupError: Error, CustomStringConvertible {
    var line: String
    var description: String { "the server failed to start its workspaces: \(line)" }
}
