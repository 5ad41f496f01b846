import ContainerEngine
import Content
import Foundation
import HTTP
import HTTPClient
import ImageBuilder
import Supervisor
import TestSupport
import Testing
import WebSocket
import WorkspaceManager

/// The statically linked supervisor as the entrypoint of a container of the base image, against the real Podman:
/// mounted read-only, running tasks as `gitpod`, reached only through its unix socket.
@Suite struct SupervisorContainerTests {
    /// How long the supervisor gives tasks after SIGTERM.
    static let gracePeriod = 3
    /// The engine's own limit before it kills the container; the supervisor must be done well before.
    static let engineStopTimeout: Duration = .seconds(30)

    @Test func runsAWorkspaceInTheBaseImage() async throws {
        let binaries = try await WorkspaceBinaries.directory()
        try await withEngine(prefix: "supervisor-container") { client, directory in
            _ = try await withTimeout(.seconds(1800)) {
                try await BaseImageBootstrap(client: client, dataDirectory: directory.path, logger: .disabled).run()
            }
            let workspace = try await WorkspaceDirectories(root: directory.path)
            try await workspace.writeConfiguration(
                SupervisorConfiguration(tasks: [
                    TaskConfiguration(
                        name: "serve", init: "echo served-by-$(id -un) > index.html",
                        command: "python3 -m http.server 8123 --bind 127.0.0.1"),
                    TaskConfiguration(
                        name: "orphans",
                        command: "for i in 1 2 3; do sh -c 'sleep 0.3 &'; done; sleep 1.5; echo orphans-gone"),
                    TaskConfiguration(
                        name: "waiter", command: "gp sync-await setup && echo \"released $(id -un)\" > released.txt"),
                    TaskConfiguration(name: "setup", command: "sleep 1; gp sync-done setup"),
                    TaskConfiguration(
                        name: "stubborn", command: "trap '' TERM HUP; echo stubborn-ready; while :; do sleep 0.2; done"),
                ]))
            let container = try await client.createContainer(
                name: "swiftpod-test-supervisor-\(UUID().uuidString.prefix(8).lowercased())",
                workspace.spec(binaries: binaries))
            do {
                try await client.startContainer(container)
                try await exercise(client, container, workspace)
            } catch {
                let logs = try? await client.containerLogs(container)
                try? await client.removeContainer(container, force: true)
                let text = logs.map { String(decoding: $0.standardOutput + $0.standardError, as: UTF8.self) }
                Issue.record("supervisor log:\n\(text ?? "(none)")")
                throw error
            }
            try await removeFinishedContainer(client, container)
        }
    }

    private func exercise(_ client: EngineClient, _ container: String, _ workspace: WorkspaceDirectories) async throws {
        let api = SupervisorClient(socketPath: workspace.socketPath)
        try await api.waitUntilAnswering()

        // The server task: the port, bound to 127.0.0.1 only, is detected and reached through a CONNECT tunnel.
        try await withTimeout(.seconds(60)) {
            while try await !api.ports().contains(where: { $0["port"] as? Int == 8123 }) {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let port = try #require(try await api.ports().first { $0["port"] as? Int == 8123 })
        #expect(port["loopbackOnly"] as? Bool == true)
        let http = HTTPClient()
        let (head, body) = try await http.send(
            HTTPClientRequest(
                endpoint: .tunnel(unixPath: workspace.socketPath, target: "127.0.0.1:8123"), method: .get,
                target: "/index.html", headers: ["Host": "workspace"]))
        #expect(head.status == .ok)
        #expect(String(decoding: body.readableView, as: UTF8.self) == "served-by-gitpod\n")
        http.closeIdleConnections()
        // Files the tasks write belong to gitpod (33333 inside, the mapped id outside).
        let owner = try FileManager.default.attributesOfItem(atPath: workspace.content + "/index.html")[.ownerAccountID]
        #expect((owner as? NSNumber)?.intValue == workspace.hostID + BaseImageBootstrap.userID)

        // `gp` beside the supervisor: one task's `gp sync-await` waits for another's `gp sync-done`; `gp ports list`
        // run by the user sees the port.
        try await withTimeout(.seconds(30)) {
            while try await api.task(named: "waiter")?["state"] as? String != "exited" {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let released = try String(contentsOfFile: workspace.content + "/released.txt", encoding: .utf8)
        #expect(released == "released gitpod\n")
        let ports = try await client.exec(
            container, command: ["/.swiftpod/bin/gp", "ports", "list"], user: "gitpod")
        let portTable = String(decoding: ports.output.standardOutput + ports.output.standardError, as: UTF8.self)
        #expect(ports.exitCode == 0, "\(portTable)")
        #expect(portTable.contains("8123"), "\(portTable)")

        // A terminal: typed input is echoed, and a second attach replays the scrollback.
        let (status, created) = try await api.request(.post, "/terminals")
        #expect(status == 201)
        let terminalID = try #require(
            (try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String)
        let url = "ws+unix://\(api.encodedSocket)/terminals/\(terminalID)/attach"
        let first = try await WebSocketClient.connect(url: url)
        try await first.send(text: "echo typed-$((6*7)) as $(id -un)\n")
        #expect(try await readUntil("typed-42 as gitpod", from: first).contains("typed-42 as gitpod"))
        await first.close(code: .normalClosure, reason: "done")
        let second = try await WebSocketClient.connect(url: url)
        #expect(try await readUntil("typed-42 as gitpod", from: second).contains("typed-42 as gitpod"))
        await second.close(code: .normalClosure, reason: "done")

        // Orphans reparented to the supervisor (PID 1) are reaped: no zombies once they have ended.
        try await withTimeout(.seconds(30)) {
            while try await api.task(named: "orphans")?["state"] as? String != "exited" {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let processes = try await client.exec(container, command: ["ps", "-eo", "pid=,stat=,comm="])
        let table = String(decoding: processes.output.standardOutput, as: UTF8.self)
        #expect(processes.exitCode == 0)
        #expect(
            !table.split(separator: "\n").contains {
                $0.split(separator: " ").dropFirst().first?.hasPrefix("Z") == true
            }, "\(table)")
        #expect(table.contains("1 S") || table.contains("1 R"), "\(table)")

        // SIGTERM: tasks get SIGTERM, the stubborn one SIGKILL after the grace period, and the supervisor exits 0
        // before the engine's own timeout would kill it.
        let started = ContinuousClock.now
        try await client.stopContainer(container, timeout: Self.engineStopTimeout)
        let elapsed = ContinuousClock.now - started
        let details = try await client.inspectContainer(container)
        #expect(details.state.running == false)
        #expect(details.state.exitCode == 0)
        #expect(elapsed >= .seconds(Self.gracePeriod))
        #expect(elapsed < Self.engineStopTimeout)
        let logs = try await client.containerLogs(container)
        let text = String(decoding: logs.standardOutput + logs.standardError, as: UTF8.self)
        #expect(text.contains("stopping on signal 15"), "\(text)")
    }
}

/// A workspace's host directories, laid out, owned and mounted as the workspace manager's runtime does it:
/// `content` (mounted at /workspace) and `run` (the supervisor's socket and configuration), owned by the ids the
/// container's user namespace maps them to.
struct WorkspaceDirectories {
    let directory: WorkspaceDirectory
    /// The host id of the container's root; gitpod is this + 33333.
    let hostID: Int

    var content: String { directory.content }
    var socketPath: String { directory.socketPath }

    init(root: String) async throws {
        directory = WorkspaceDirectory(dataDirectory: root, workspaceID: "supervisor-test")
        // A range of its own inside the `containers` user's subordinate ids (200000, 1000000 of them).
        hostID = HostIDRanges().start + 65_536 * Int.random(in: 1...13)
        let user = UInt32(hostID + BaseImageBootstrap.userID)
        try await directory.prepareEmptyContent(owner: FileOwner(uid: user, gid: user), subdirectory: nil)
    }

    func writeConfiguration(_ configuration: SupervisorConfiguration) async throws {
        try await directory.prepareRun(hostIDOffset: hostID, configuration: configuration)
    }

    func spec(binaries: String) -> ContainerSpec {
        PodmanWorkspaceRuntime.containerSpec(
            for: WorkspaceContainerRequest(
                workspaceID: "supervisor-test", instanceID: "supervisor-test", image: BaseImageBootstrap.reference,
                directory: directory, hostIDOffset: hostID, environment: [:],
                workspaceDirectory: WorkspaceDirectory.contentMountPoint, fresh: true,
                limits: WorkspaceLimits(pids: 500)),
            binariesDirectory: binaries, installation: "supervisor-tests",
            stopGracePeriod: .seconds(SupervisorContainerTests.gracePeriod))
    }
}

/// Talks to a supervisor on its socket.
struct SupervisorClient {
    let socketPath: String
    let client = HTTPClient()

    var encodedSocket: String {
        socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketPath
    }

    func request(_ method: HTTPMethod = .get, _ path: String) async throws -> (status: Int, body: String) {
        let (head, body) = try await client.send(
            HTTPClientRequest(url: "http+unix://\(encodedSocket)\(path)", method: method))
        return (head.status.code, String(decoding: body.readableView, as: UTF8.self))
    }

    func waitUntilAnswering() async throws {
        try await withTimeout(.seconds(60)) {
            while (try? await request(.get, "/status"))?.status != 200 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    func ports() async throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(try await request(.get, "/ports").body.utf8)) as? [[String: Any]]
            ?? []
    }

    func task(named name: String) async throws -> [String: Any]? {
        let tasks =
            try JSONSerialization.jsonObject(with: Data(try await request(.get, "/tasks").body.utf8))
            as? [[String: Any]] ?? []
        return tasks.first { $0["name"] as? String == name }
    }
}

/// Reads messages until their text contains `needle`; returns all the text read.
func readUntil(_ needle: String, from connection: WebSocketConnection) async throws -> String {
    try await withTimeout {
        var text = ""
        while !text.contains(needle) {
            switch try await connection.receive() {
            case .binary(let bytes): text += String(decoding: bytes, as: UTF8.self)
            case .text(let string): text += string
            case nil: return text
            }
        }
        return text
    }
}
