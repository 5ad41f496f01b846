import Foundation
import HTTPClient
import TestSupport
import Testing

/// The `swiftpod` executable as users run it.
@Suite struct ServerProcessTests {
    /// The binary `swift build` put beside the test bundle.
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/swiftpod").path

    @Test func serverAnswersHealthAndStopsGracefullyOnSIGTERM() async throws {
        let port = try NginxFixture.freePort()
        let directory = try TemporaryDirectory()
        let log = directory.path + "/server.log"
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "server", "--listen", "127.0.0.1:\(port)", "--data-dir", directory.path, "--log-format", "json",
            // No engine answers here, so the server serves without workspaces and this test needs no Podman
            // (ServerStartupTests starts one).
            "--engine", "unix://\(directory.path)/no-engine.sock",
        ]
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let client = HTTPClient()
        let health = try HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/health")
        var answer: String?
        let deadline = ContinuousClock.now + TestTimeout.loopback
        while answer == nil && ContinuousClock.now < deadline {
            if let (head, body) = try? await client.send(health), head.status == .ok {
                answer = String(decoding: body.readableView, as: UTF8.self)
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(answer == "{\"status\":\"ok\",\"version\":\"0.1.0\"}")
        let (metricsHead, metrics) = try await client.send(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"))
        #expect(metricsHead.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(decoding: metrics.readableView, as: UTF8.self)
        #expect(text.contains("swiftpod_http_requests_total{code=\"200\",method=\"GET\",route=\"/api/v1/health\"}"))
        #expect(text.contains("swiftpod_http_request_duration_seconds_bucket{route=\"/api/v1/health\",le=\"+Inf\"}"))

        // SIGTERM stops the server gracefully: it logs why, drains, and exits 0.
        process.terminate()
        let exited = try await withTimeout {
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return process.terminationStatus
        }
        #expect(exited == 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("\"msg\":\"shutting down\"") })
        #expect(lines.contains { $0.contains("\"msg\":\"stopped\"") })
    }
}
