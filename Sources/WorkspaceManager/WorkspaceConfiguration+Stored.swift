import Foundation
import Supervisor
import WorkspaceConfig

extension WorkspaceConfiguration {
    /// Reads a configuration as the store keeps it (`Workspace.configuration`: the JSON of `jsonObject`), for what
    /// the manager needs: the image, the tasks, the environment and the checkout location.
    /// - Throws: `WorkspaceManagerError` `.invalidConfiguration` naming the field at fault.
    static func decodeStored(_ text: String, workspaceID: String) throws -> WorkspaceConfiguration {
        func invalid(_ what: String) -> WorkspaceManagerError {
            WorkspaceManagerError(
                code: .invalidConfiguration, message: "the stored configuration of workspace \(workspaceID): \(what)")
        }
        guard let data = text.data(using: .utf8),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw invalid("not a JSON object") }
        var configuration = WorkspaceConfiguration()
        switch object["image"] {
        case nil: break
        case let image as [String: Any]:
            if let name = image["name"] as? String {
                configuration.image = .name(name)
            } else if let file = image["file"] as? String {
                configuration.image = .file(file, context: image["context"] as? String)
            } else {
                throw invalid("\"image\" needs \"name\" or \"file\"")
            }
        default: throw invalid("\"image\" is not an object")
        }
        if let tasks = object["tasks"] {
            guard let tasks = tasks as? [[String: Any]] else { throw invalid("\"tasks\" is not a list of objects") }
            configuration.tasks = try tasks.enumerated().map { index, task in
                func text(_ key: String) throws -> String? {
                    guard let value = task[key] else { return nil }
                    guard let string = value as? String else { throw invalid("tasks[\(index)].\(key) is not text") }
                    return string
                }
                guard task["env"] == nil || task["env"] is [String: String] else {
                    throw invalid("tasks[\(index)].env is not an object of text values")
                }
                return WorkspaceTask(
                    name: try text("name"), before: try text("before"), initialization: try text("init"),
                    command: try text("command"), env: task["env"] as? [String: String] ?? [:])
            }
        }
        if let env = object["env"] {
            guard let env = env as? [String: String] else { throw invalid("\"env\" is not an object of text values") }
            configuration.env = env
        }
        if let location = object["checkoutLocation"] {
            guard let location = location as? String else { throw invalid("\"checkoutLocation\" is not text") }
            configuration.checkoutLocation = location
        }
        if let location = object["workspaceLocation"] {
            guard let location = location as? String else { throw invalid("\"workspaceLocation\" is not text") }
            configuration.workspaceLocation = location
        }
        return configuration
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
