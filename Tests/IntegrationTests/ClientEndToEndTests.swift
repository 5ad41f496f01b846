import Foundation
import HTTP
import HTTPClient
import TestSupport
import Testing

/// The `swiftpod` client commands end to end, through the real executables: a server with Podman, users and tokens
/// made offline, a workspace from a local repository with a task and a dev server, its port through the proxy for
/// its owner, nobody, another user and everyone once public, exec, stop and start with the files kept and `init`
/// not run again, and delete.
@Suite(.serialized) struct ClientEndToEndTests {
    /// The longest a start or stop may take on a busy 2-core machine.
    static let operationTimeout: Duration = .seconds(300)

    @Test func aWorkspaceLivesThroughTheClientCommands() async throws {
        try await withEngine(prefix: "client-e2e") { engine, directory in
            let binaries = try await WorkspaceBinaries.directory()
            let server = try await SwiftpodServerProcess.start(
                engineSocket: engine.socketPath, binaries: binaries, directory: directory.path)
            defer { server.kill() }
            try await exercise(server, directory: directory)
            try await server.stop()
        }
    }

    private func exercise(_ server: SwiftpodServerProcess, directory: TemporaryDirectory) async throws {
        let cli = ClientRunner(serverURL: server.publicURL, configDirectory: directory.path + "/config")

        // Signing in stores the token; the commands after it need no environment variable.
        let login = try await cli.run(["login", server.publicURL, "--token-stdin"], input: server.adminToken + "\n")
        #expect(login.status == 0, "\(login.standardError)")
        #expect(login.standardOutput.hasPrefix("signed in to \(server.publicURL) as root"))

        let repository = try await LocalRepository(files: [
            ".gitpod.yml": """
            tasks:
              - name: web
                init: echo initialized >> init-runs.txt
                command: python3 -m http.server 3000 --bind 127.0.0.1
            ports:
              - port: 3000
                onOpen: ignore
            """,
            "index.html": "hello through the proxy\n",
        ])
        let created = try await cli.run(
            ["workspace", "create", repository.contextURL, "--wait", "--json"], timeout: Self.operationTimeout)
        #expect(created.status == 0, "\(created.standardError)")
        let workspace = try #require(
            try JSONSerialization.jsonObject(with: Data(created.standardOutput.utf8)) as? [String: Any],
            "\(created.standardOutput)")
        let id = try #require(workspace["id"] as? String)
        #expect(workspace["phase"] as? String == "running")
        // Not a terminal: each phase that passed is a plain line with its time.
        #expect(created.standardError.contains("phase preparing "), "\(created.standardError)")
        #expect(created.standardError.contains("phase initializing "), "\(created.standardError)")
        // The list, filtered by phase; an unknown phase is the server's message.
        #expect(try await cli.run(["workspace", "list", "--phase", "running"]).standardOutput.contains(id))
        #expect(try await !cli.run(["workspace", "list", "--phase", "stopped"]).standardOutput.contains(id))
        let badPhase = try await cli.run(["workspace", "list", "--phase", "asleep"])
        #expect(badPhase.status == 1)
        #expect(badPhase.standardError.contains("unknown phase 'asleep'"), "\(badPhase.standardError)")

        // Port 3000 through the proxy: the owner with a token, nobody, another user, then anyone once public.
        let host = "3000-\(id).localhost:\(server.port)"
        let owner = try await withTimeout(.seconds(60)) {
            while true {
                let answer = try await server.get(host: host, token: server.adminToken)
                if answer.status == 200 { return answer }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        #expect(owner.body == "hello through the proxy\n")
        #expect(try await server.get(host: host, token: nil).status == 401)
        #expect(try await server.get(host: host, token: server.otherToken).status == 403)
        let visibility = try await cli.run(["ports", "visibility", id, "3000", "public"])
        #expect(visibility.status == 0, "\(visibility.standardError)")
        #expect(visibility.standardOutput == "port 3000 is public: http://\(host)\n")
        #expect(try await server.get(host: host, token: nil).status == 200)
        let ports = try await cli.run(["ports", "list", id])
        #expect(ports.standardOutput.hasPrefix("PORT  STATE"), "\(ports.standardOutput)")
        #expect(ports.standardOutput.contains("public      http://\(host)\n"), "\(ports.standardOutput)")

        // Exec passes the output and the exit status through.
        let exec = try await cli.run(["workspace", "exec", id, "--", "sh", "-c", "echo hi; exit 3"])
        #expect(exec.status == 3)
        #expect(exec.standardOutput == "hi\n")
        #expect(try await cli.run(["workspace", "exec", id, "--", "sh", "-c", "echo kept > kept.txt"]).status == 0)

        // Stop and start: the file written before is there, and `init` did not run again.
        let stop = try await cli.run(["workspace", "stop", id, "--wait"], timeout: Self.operationTimeout)
        #expect(stop.status == 0, "\(stop.standardError)")
        #expect(stop.standardOutput.hasSuffix("workspace \(id) is stopped\n"), "\(stop.standardOutput)")
        let start = try await cli.run(["workspace", "start", id, "--wait"], timeout: Self.operationTimeout)
        #expect(start.status == 0, "\(start.standardError)")
        #expect(start.standardOutput.hasSuffix("workspace \(id) is running: http://\(id).localhost:\(server.port)\n"))
        let files = try await cli.run(["workspace", "exec", id, "--", "sh", "-c", "cat kept.txt init-runs.txt"])
        #expect(files.standardOutput == "kept\ninitialized\n", "\(files.standardError)")
        let got = try await cli.run(["workspace", "get", id, "--json"])
        #expect(got.standardOutput.contains("\"contentSource\" : \"backup\""), "\(got.standardOutput)")

        // An unknown workspace is the server's 404 message.
        let unknown = try await cli.run(["workspace", "get", "nosuchworkspace"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError == "error: there is no workspace 'nosuchworkspace'\n")

        let delete = try await cli.run(["workspace", "delete", id], timeout: Self.operationTimeout)
        #expect(delete.status == 0, "\(delete.standardError)")
        let list = try await cli.run(["workspace", "list", "--json"])
        #expect(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [Any] != nil)
        #expect(!list.standardOutput.contains(id))
    }
}

/// Runs the `swiftpod` executable as a user of a server would, with its own configuration directory.
struct ClientRunner: Sendable {
    let serverURL: String
    let configDirectory: String

    func run(
        _ arguments: [String], input: String? = nil, timeout: Duration = .seconds(60)
    ) async throws
        -> ProcessResult
    {
        let environment = ["PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": configDirectory, "HOME": configDirectory]
        return try await withTimeout(timeout) {
            try await runProcess(ServerProcessTests.binary, arguments, input: input, environment: environment)
        }
    }
}
