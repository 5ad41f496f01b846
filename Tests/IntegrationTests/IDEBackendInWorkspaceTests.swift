import Basics
import ContainerEngine
import Foundation
import HTTP
import HTTPClient
import Store
import SwiftpodServer
import TestSupport
import Testing
import WorkspaceManager

/// The browser IDE's backend in a running workspace, in real Podman: a file saved through the real supervisor's
/// socket belongs to the workspace user inside the container, and `gp open` run there reaches an IDE tab.
@Suite(.serialized) struct IDEBackendInWorkspaceTests {
    @Test func filesAreTheWorkspaceUsersAndGPOpenReachesTheIDE() async throws {
        try await RunningWorkspace.with(
            prefix: "ide-backend",
            files: [
                ".gitpod.yml": "ports:\n  - port: 3000\n    onOpen: open-preview\n  - port: 9229\n"
                    + "    onOpen: ignore-completely\n"
            ]
        ) { running in
            try await exercise(
                container: running.containerID, client: running.client, workspaceID: running.workspace.id,
                socket: running.socket)
            _ = try await withTimeout(RunningWorkspace.operationTimeout) {
                try await running.parts.manager.stop(workspaceID: running.workspace.id)
            }
        }
    }

    private func exercise(container: String, client: EngineClient, workspaceID: String, socket: String) async throws {
        let http = HTTPClient()
        func send(_ method: HTTPMethod, _ target: String, body: String? = nil) async throws -> (Int, String) {
            let (head, answer) = try await http.send(
                HTTPClientRequest(
                    endpoint: .unix(path: socket), method: method, target: target, headers: ["Host": "supervisor"],
                    body: body.map { .bytes(ByteBuffer(string: $0)) } ?? .empty),
                deadline: .now + TestTimeout.loopback)
            return (head.status.code, String(decoding: answer.readableView, as: UTF8.self))
        }
        let (status, answer) = try await send(.put, "/files/content?path=project/hello.txt", body: "hello\n")
        #expect(status == 201, "\(answer)")
        let (configStatus, config) = try await send(.get, "/ide/config")
        #expect(configStatus == 200)
        #expect(config.contains(#""workspaceLocation":"project""#), "\(config)")
        #expect(config.contains(#"{"onOpen":"open-preview","port":3000,"visibility":"private"}"#), "\(config)")

        // The ports panel's list, from the server through the supervisor's relay.
        let (portsStatus, ports) = try await send(.get, "/server/ports")
        #expect(portsStatus == 200, "\(ports)")
        #expect(ports.contains(#""url":"http://3000-\#(workspaceID).localhost:8080""#), "\(ports)")
        // A port configured ignore-completely is not forwarded.
        let tunnel = try await http.execute(
            HTTPClientRequest(endpoint: .unix(path: socket), method: .connect, target: "127.0.0.1:9229"))
        #expect(tunnel.status.code == 403)

        func run(_ command: String) async throws -> String {
            let result = try await client.exec(container, command: ["sh", "-c", command], user: "gitpod")
            #expect(result.exitCode == 0, "\(command): \(String(decoding: result.output.standardError, as: UTF8.self))")
            return String(decoding: result.output.standardOutput, as: UTF8.self)
        }
        let owner = try await run("stat -c %u:%g /workspace/project/hello.txt")
        let user = try await run("echo $(id -u):$(id -g)")
        #expect(owner == user)
        #expect(user != "0:0\n")
        #expect(try await run("cat /workspace/project/hello.txt") == "hello\n")

        let events = try await http.execute(
            HTTPClientRequest(
                endpoint: .unix(path: socket), method: .get, target: "/ide/events", headers: ["Host": "supervisor"]))
        #expect(try await run("cd /workspace/project && gp open hello.txt").isEmpty)
        var text = ""
        while !text.contains("event: open\n") {
            guard let chunk = try await events.read(deadline: .now + TestTimeout.loopback) else { break }
            text += String(decoding: chunk.readableView, as: UTF8.self)
        }
        #expect(text.contains("event: open\ndata: {\"path\":\"project/hello.txt\"}\n\n"), "\(text)")
        http.closeIdleConnections()
    }
}
