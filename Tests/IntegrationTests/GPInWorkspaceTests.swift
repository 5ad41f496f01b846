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
    /// How long a start or stop may take on a loaded 2-core machine.
    static let operationTimeout: Duration = .seconds(240)

    @Test func gpCommandsThatNeedTheServerWorkInAWorkspace() async throws {
        let binaries = try await WorkspaceBinaries.directory()
        try await withEngine(prefix: "gp-in-workspace") { client, directory in
            var configuration = ServerConfiguration(dataDirectory: directory.path + "/data")
            configuration.engine = "unix://\(client.socketPath)"
            configuration.workspaceBinaries = binaries
            configuration.allowLocalRepositories = true
            let services = try await SwiftpodServices.open(configuration: configuration, logger: .disabled)
            let parts = try await withTimeout(.seconds(1800)) { [configuration] in
                try await WorkspaceParts.start(
                    configuration: configuration, store: services.store, metrics: services.metrics, logger: .disabled)
            }
            let repository = try await LocalRepository(
                name: "project", files: [".gitpod.yml": "tasks:\n  - command: echo ready\n"])
            try await services.store.createUser(
                User(id: "u1", username: "ada", displayName: "Ada", email: "ada@example.com", createdAt: Date()))
            let workspace = try await parts.creator.create(contextURL: repository.contextURL, ownerID: "u1").workspace
            var containerID: String?
            do {
                let running = try await withTimeout(Self.operationTimeout) {
                    try await parts.manager.start(workspaceID: workspace.id)
                }
                containerID = running.containerID
                let container = try #require(running.containerID)
                try await exercise(
                    gp: { arguments in try await Self.gp(arguments, in: container, client: client) },
                    workspace: workspace, services: services, parts: parts)
            } catch {
                if let containerID { try? await client.removeContainer(containerID, force: true) }
                await parts.shutdown()
                await services.close()
                throw error
            }
            await parts.shutdown()
            await services.close()
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
        try await withTimeout(Self.operationTimeout) {
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
