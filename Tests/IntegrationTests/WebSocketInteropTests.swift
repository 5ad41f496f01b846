import Basics
import Foundation
import HTTP
import HTTPServer
import NetIO
import TestSupport
import Testing
import WebSocket

/// The Python scripts that stand for real WebSocket peers.
private let pythonFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/python").path

/// An echo route behind the same-origin check.
private func webSocketRouter() -> any HTTPResponder {
    var router = Router()
    router.get("/ws") { request, _ in
        WebSocketUpgrade.response(for: request, allowedOrigins: WebSocketUpgrade.sameOrigin(as: request)) { socket in
            while let message = try await socket.receive() { try await socket.send(message) }
        }
    }
    return router.responder()
}

/// A Python `websockets` echo server, stopped when released.
private final class PythonEchoServer: Sendable {
    let port: UInt16
    let process: Process

    init() async throws {
        port = try NginxFixture.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", pythonFixtures + "/ws_echo_server.py", String(port)]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        if try await waitUntilAccepting(SocketAddress(parsing: "127.0.0.1:\(port)")) { return }
        throw TestTimeoutError(limit: TestTimeout.loopback, context: "the Python echo server did not start")
    }

    deinit {
        // Children of Swift's concurrency threads inherit a mask that blocks SIGTERM; SIGKILL cannot be blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite struct WebSocketInteropTests {
    @Test func pythonClientTalksToOurServer() async throws {
        let server = try await RunningServer.start(webSocketRouter())
        defer { Task { await server.stop() } }
        let result = try await runProcess(
            "python3", [pythonFixtures + "/ws_client.py", "ws://\(server.address)/ws", "http://\(server.address)"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "text hello", "binary 000102ff", "fragmented fragmented message", "pong", "large 300000", "closed 1000",
            ])
    }

    @Test func pythonClientFromAnotherOriginIsRefused() async throws {
        let server = try await RunningServer.start(webSocketRouter())
        defer { Task { await server.stop() } }
        for origin in ["http://evil.example", "http://1-\(server.address)"] {
            let result = try await runProcess(
                "python3", [pythonFixtures + "/ws_client.py", "ws://\(server.address)/ws", origin])
            #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "refused 403")
        }
    }

    @Test func ourClientTalksToPythonServerDirectlyAndThroughNginx() async throws {
        let python = try await PythonEchoServer()
        let nginx = try NginxFixture(
            serverBlock: """
                location / {
                    proxy_pass http://127.0.0.1:\(python.port);
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection "upgrade";
                }
                """)
        try await nginx.waitUntilReady()
        for url in ["ws://127.0.0.1:\(python.port)/", "ws://127.0.0.1:\(nginx.port)/"] {
            let socket = try await WebSocketClient.connect(url: url, origin: "http://127.0.0.1")
            try await socket.send(text: "héllo")
            #expect(try await socket.receive() == .text("héllo"))
            let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
            try await socket.send(binary: bytes)
            #expect(try await socket.receive() == .binary(bytes))
            try await socket.ping(Array("ping".utf8))
            await socket.close(code: .normalClosure, reason: "bye")
            #expect(socket.closeCode == .normalClosure)
        }
    }

    @Test func ourClientTalksToOurServer() async throws {
        let server = try await RunningServer.start(webSocketRouter())
        defer { Task { await server.stop() } }
        let socket = try await WebSocketClient.connect(
            url: "ws://\(server.address)/ws", origin: "http://\(server.address)")
        for index in 0..<20 {
            try await socket.send(text: "message \(index)")
            #expect(try await socket.receive() == .text("message \(index)"))
        }
        await socket.close()
        await #expect(throws: WebSocketHandshakeError.self) {
            _ = try await WebSocketClient.connect(url: "ws://\(server.address)/ws", origin: "http://other.example")
        }
    }
}
