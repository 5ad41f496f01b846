import ContainerEngine
import Foundation
import Store
import SwiftpodServer
import TestSupport
import WorkspaceManager

/// A workspace running in real Podman, made by the workspace parts as the server builds them: a server
/// configuration in a temporary directory, the user `u1` (`ada`), and a local repository named `project` with
/// `files`. `body` gets it running; whatever happens, its container is removed and the parts are shut down.
struct RunningWorkspace {
    let client: EngineClient
    let services: SwiftpodServices
    let parts: WorkspaceParts
    let workspace: Workspace
    let containerID: String

    /// The supervisor's socket on the host.
    var socket: String { parts.manager.directory(workspaceID: workspace.id).socketPath }

    /// How long a start or stop may take on a loaded 2-core machine.
    static let operationTimeout: Duration = .seconds(240)

    static func with(
        prefix: String, files: [String: String], _ body: @Sendable (RunningWorkspace) async throws -> Void
    ) async throws {
        let binaries = try await WorkspaceBinaries.directory()
        try await withEngine(prefix: prefix) { client, directory in
            var configuration = ServerConfiguration(dataDirectory: directory.path + "/data")
            configuration.engine = "unix://\(client.socketPath)"
            configuration.workspaceBinaries = binaries
            configuration.allowLocalRepositories = true
            let services = try await SwiftpodServices.open(configuration: configuration, logger: .disabled)
            let parts = try await withTimeout(.seconds(1800)) { [configuration] in
                try await WorkspaceParts.start(
                    configuration: configuration, store: services.store, metrics: services.metrics, logger: .disabled)
            }
            var containerID: String?
            do {
                let repository = try await LocalRepository(name: "project", files: files)
                try await services.store.createUser(
                    User(id: "u1", username: "ada", displayName: "Ada", email: "ada@example.com", createdAt: Date()))
                let workspace = try await parts.creator.create(contextURL: repository.contextURL, ownerID: "u1")
                    .workspace
                let running = try await withTimeout(operationTimeout) {
                    try await parts.manager.start(workspaceID: workspace.id)
                }
                containerID = running.containerID
                try await body(
                    RunningWorkspace(
                        client: client, services: services, parts: parts, workspace: workspace,
                        containerID: try requireContainer(running.containerID)))
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

    private static func requireContainer(_ id: String?) throws -> String {
        guard let id else { throw ServerProcessFailure(description: "the running instance has no container") }
        return id
    }
}
