import ContainerEngine
import Foundation
import Store
import SwiftpodServer
import TestSupport
import Testing
import WorkspaceManager

/// `gp` inside a running workspace, in real Podman, reaching the server's channel for that workspace through the
/// supervisor: the workspace parts as the server builds them, a local repository, the static `gp` run as the
/// workspace user.
@Suite(.serialized) struct GPInWorkspaceTests {
    @Test func gpCommandsThatNeedTheServerWorkInAWorkspace() async throws {
        try await RunningWorkspace.with(
            prefix: "gp-in-workspace", files: [".gitpod.yml": "tasks:\n  - command: echo ready\n"]
        ) { running in
            let (container, client) = (running.containerID, running.client)
            try await exercise(
                gp: { arguments in try await Self.gp(arguments, in: container, client: client) },
                workspace: running.workspace, services: running.services, parts: running.parts)
        }
    }

    private func exercise(
        gp: @Sendable ([String]) async throws -> (status: Int, output: String),
        workspace: Workspace, services: SwiftpodServices, parts: WorkspaceParts
    ) async throws {
        let store = services.store
        let set = try await gp(["env", "FOO=bar"])
        #expect(set.status == 0, "\(set.output)")
        #expect(set.output == "FOO=bar\n")
        #expect(try await gp(["env"]).output == "FOO=bar\n")
        let repository = try #require(EnvironmentPattern.repository(ofCloneURL: workspace.cloneURL))
        let stored = try await store.environmentVariables(userID: "u1")
        #expect(
            stored.map { "\($0.name)=\($0.value)@\($0.repositoryPattern)" } == [
                "FOO=bar@\(repository.owner)/\(repository.repository)"
            ])

        #expect(try await gp(["timeout", "set", "2h"]).output == "Workspace timeout has been set to 2 hours.\n")
        #expect(try await gp(["timeout", "show"]).output == "2h\n")
        #expect(try await store.workspace(id: workspace.id).inactivityTimeout == .seconds(7200))

        #expect(try await gp(["ports", "visibility", "3000:public"]).output == "port 3000 is now public\n")
        #expect(try await store.portVisibility(workspaceID: workspace.id, port: 3000) == "public")
        #expect(try await gp(["info"]).output.contains("Owner         : ada\n"))

        let stop = try await gp(["stop"])
        #expect(stop.status == 0, "\(stop.output)")
        try await withTimeout(RunningWorkspace.operationTimeout) {
            while try await store.currentInstance(workspaceID: workspace.id)?.phase != .stopped {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(try await store.latestVerifiedBackup(workspaceID: workspace.id) != nil)
        #expect(await parts.channels?.openChannels() == [])
        #expect(
            !FileManager.default.fileExists(atPath: parts.manager.directory(workspaceID: workspace.id).serverSocketPath)
        )
    }

    /// Runs `gp ARGUMENTS` in the container as the workspace user; its output and errors together.
    private static func gp(
        _ arguments: [String], in container: String, client: EngineClient
    ) async throws -> (status: Int, output: String) {
        let result = try await client.exec(container, command: ["gp"] + arguments, user: "gitpod")
        let output =
            String(decoding: result.output.standardOutput, as: UTF8.self)
            + String(decoding: result.output.standardError, as: UTF8.self)
        return (result.exitCode, output)
    }
}
