import Foundation
import Store
import WorkspaceConfig
import WorkspaceProxy

/// What the workspace proxy asks of the server: a workspace's owner (from the store), its supervisor's socket while
/// it runs (from the manager), and a port's visibility (the one set through the API, else the configuration's).
struct ServerWorkspaceDirectory: WorkspaceAccessDirectory {
    let services: SwiftpodServices

    func workspace(id: String) async throws -> WorkspaceAccessRecord? {
        guard let workspace = try? await services.store.workspace(id: id), workspace.deletedAt == nil else {
            return nil
        }
        var socket: String?
        if let parts = services.workspaces.parts,
            let instance = try await services.store.currentInstance(workspaceID: id), instance.phase == .running
        {
            socket = parts.manager.directory(workspaceID: id).socketPath
        }
        return WorkspaceAccessRecord(workspaceID: id, ownerID: workspace.ownerID, supervisorSocketPath: socket)
    }

    func portVisibility(workspaceID: String, port: Int) async throws -> String? {
        if let stored = try await services.store.portVisibility(workspaceID: workspaceID, port: port) { return stored }
        guard let workspace = try? await services.store.workspace(id: workspaceID),
            let configuration = try? WorkspaceConfiguration(jsonText: workspace.configuration)
        else { return nil }
        for configured in configuration.ports {
            switch configured.ports {
            case .single(let number) where number == port: return configured.visibility.rawValue
            case .range(let range) where range.contains(port): return configured.visibility.rawValue
            default: continue
            }
        }
        return nil
    }
}
