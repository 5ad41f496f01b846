import Foundation
import Supervisor
import WorkspaceConfig

extension WorkspaceConfiguration {
    /// Reads a configuration as the store keeps it (`Workspace.configuration`: the JSON of `jsonObject`).
    /// - Throws: `WorkspaceManagerError` `.invalidConfiguration` naming the field at fault.
    static func decodeStored(_ text: String, workspaceID: String) throws -> WorkspaceConfiguration {
        do {
            return try WorkspaceConfiguration(jsonText: text)
        } catch {
            throw WorkspaceManagerError(
                code: .invalidConfiguration, message: "the stored configuration of workspace \(workspaceID): \(error)")
        }
    }

    /// The supervisor's configuration: the tasks, and `environment` for every task and terminal.
    func supervisorConfiguration(environment: [String: String]) -> SupervisorConfiguration {
        SupervisorConfiguration(
            tasks: tasks.map { task in
                TaskConfiguration(
                    name: task.name, before: task.before, init: task.initialization, prebuild: task.prebuild,
                    command: task.command, env: task.env.isEmpty ? nil : task.env)
            },
            env: environment)
    }
}
