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

    /// The supervisor's configuration: the tasks, `environment` for every task and terminal, the ports, and where the
    /// browser IDE opens (`workspaceLocation`, relative to `/workspace`).
    func supervisorConfiguration(
        environment: [String: String], workspaceLocation: String? = nil
    ) -> SupervisorConfiguration {
        SupervisorConfiguration(
            tasks: tasks.map { task in
                TaskConfiguration(
                    name: task.name, before: task.before, init: task.initialization, prebuild: task.prebuild,
                    command: task.command, env: task.env.isEmpty ? nil : task.env)
            },
            env: environment,
            ports: ports.map(SupervisorPortConfiguration.init),
            workspaceRoot: WorkspaceDirectory.contentMountPoint,
            workspaceLocation: workspaceLocation)
    }
}

extension SupervisorPortConfiguration {
    /// A port of `.gitpod.yml` as the supervisor and the browser IDE read it.
    init(_ port: PortConfiguration) {
        let onOpen = SupervisorPortConfiguration.OnOpen(rawValue: port.onOpen.rawValue) ?? .notify
        switch port.ports {
        case .single(let number):
            self.init(
                port: number, name: port.name, description: port.description, onOpen: onOpen,
                visibility: port.visibility.rawValue)
        case .range(let range):
            self.init(
                range: range, name: port.name, description: port.description, onOpen: onOpen,
                visibility: port.visibility.rawValue)
        }
    }
}
