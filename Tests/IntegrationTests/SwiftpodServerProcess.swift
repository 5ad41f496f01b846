import Basics
import Foundation
import Glibc
import HTTP
import HTTPClient
import TestSupport

/// `swiftpod server` in a process of its own, on a free port, with an administrator (`root`) and another user
/// (`bob`) and a token each made offline with `swiftpod admin`, and its workspaces ready.
// `Process` is safe to use from several threads for what this type does (`isRunning`, `terminate`).
final class SwiftpodServerProcess: @unchecked Sendable {
    let process: Process
    let port: UInt16
    let adminToken: String
    let otherToken: String
    let client = HTTPClient()
    private let launch: Launch

    /// What a server is started with, kept for the next server on the same data directory.
    private struct Launch {
        var engineSocket: String
        var binaries: String
        var directory: String
        /// How many servers have run on the data directory, this one included; each logs to a file of its own.
        var run: Int
    }

    private init(process: Process, port: UInt16, adminToken: String, otherToken: String, launch: Launch) {
        self.process = process
        self.port = port
        self.adminToken = adminToken
        self.otherToken = otherToken
        self.launch = launch
    }

    /// The password of every user made offline.
    static let password = "correct horse battery"

    /// `http://localhost:PORT`: `<id>.localhost` names reach the workspace proxy.
    var publicURL: String { "http://localhost:\(port)" }

    static func start(engineSocket: String, binaries: String, directory: String) async throws -> SwiftpodServerProcess {
        let data = directory + "/data"
        let adminToken = try await makeUser("root", admin: true, data: data)
        let otherToken = try await makeUser("bob", admin: false, data: data)
        return try await launch(
            Launch(engineSocket: engineSocket, binaries: binaries, directory: directory, run: 1),
            adminToken: adminToken, otherToken: otherToken)
    }

    /// A new server on this one's data directory (and a new port), once this one has ended.
    func next() async throws -> SwiftpodServerProcess {
        var launch = self.launch
        launch.run += 1
        return try await Self.launch(launch, adminToken: adminToken, otherToken: otherToken)
    }

    private static func launch(
        _ launch: Launch, adminToken: String, otherToken: String
    ) async throws -> SwiftpodServerProcess {
        let (engineSocket, binaries, directory) = (launch.engineSocket, launch.binaries, launch.directory)
        let data = directory + "/data"
        let port = try NginxFixture.freePort()
        let log = directory + "/server-\(launch.run).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcessTests.binary)
        process.arguments = [
            "server", "--listen", "127.0.0.1:\(port)", "--public-url", "http://localhost:\(port)", "--data-dir", data,
            "--workspace-binaries", binaries, "--engine", "unix://\(engineSocket)", "--allow-local-repos",
            "--log-format", "json",
        ]
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let server = SwiftpodServerProcess(
            process: process, port: port, adminToken: adminToken, otherToken: otherToken, launch: launch)
        do {
            try await withTimeout(ServerStartupTests.workspacesReadyTimeout) {
                while true {
                    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    if text.contains("\"msg\":\"workspaces are ready\"") { return }
                    if text.contains("workspaces are unavailable") || !process.isRunning {
                        throw ServerProcessFailure(description: text)
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

    /// Creates a user offline and returns a new token of theirs.
    private static func makeUser(_ name: String, admin: Bool, data: String) async throws -> String {
        let created = try await runProcess(
            ServerProcessTests.binary,
            ["admin", "create-user", "--data-dir", data, "--username", name, "--password-stdin"]
                + (admin ? ["--admin"] : []),
            input: password + "\n")
        guard created.status == 0 else { throw ServerProcessFailure(description: created.standardError) }
        let token = try await runProcess(
            ServerProcessTests.binary, ["admin", "create-token", "--data-dir", data, "--username", name])
        guard token.status == 0, let last = token.standardOutput.split(separator: "\n").last else {
            throw ServerProcessFailure(description: token.standardError)
        }
        return String(last)
    }

    /// A GET of `/` on a workspace host, with a bearer token or none.
    func get(host: String, token: String?) async throws -> (status: Int, body: String) {
        var headers: HTTPHeaders = ["Host": host, "Connection": "close"]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        let request = try HTTPClientRequest(url: "http://127.0.0.1:\(port)/", headers: headers)
        let (head, body) = try await client.send(request, deadline: .now + TestTimeout.loopback)
        return (head.status.code, String(decoding: body.readableView, as: UTF8.self))
    }

    /// SIGTERM, and the wait for a clean exit.
    func stop() async throws {
        process.terminate()
        try await withTimeout(.seconds(60)) {
            while self.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// SIGKILL, as a crash or the out-of-memory killer would end it, and the wait for the process to be gone.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A step of starting the server process that failed.
struct ServerProcessFailure: Error, CustomStringConvertible {
    var description: String
}
