import Foundation

extension WorkspaceConfiguration {
    /// The normalized configuration as a JSON object, the contract of `swiftpod config show --json`.
    ///
    /// `image` is `{"name"}` or `{"file", "context"}` (and `args` for a devcontainer build's arguments; absent for
    /// the default); `tasks` have `name`, `before`,
    /// `init`, `command` and `env` where set; `ports` have `port` or `range` (`[from, to]`), `onOpen`, `visibility`,
    /// and `name`, `description`, `protocol` where set; then `env`, `checkoutLocation`, `workspaceLocation`,
    /// `additionalRepositories` and `gitConfig` where set.
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [:]
        switch image {
        case .name(let name): object["image"] = ["name": name]
        case .file(let file, let context):
            var image: [String: Any] = ["file": file]
            image["context"] = context
            if !imageBuildArguments.isEmpty { image["args"] = imageBuildArguments }
            object["image"] = image
        case nil: break
        }
        if !tasks.isEmpty {
            object["tasks"] = tasks.map { task -> [String: Any] in
                var json: [String: Any] = [:]
                json["name"] = task.name
                json["before"] = task.before
                json["init"] = task.initialization
                json["command"] = task.command
                if !task.env.isEmpty { json["env"] = task.env }
                return json
            }
        }
        if !ports.isEmpty {
            object["ports"] = ports.map { port -> [String: Any] in
                var json: [String: Any] = ["onOpen": port.onOpen.rawValue, "visibility": port.visibility.rawValue]
                switch port.ports {
                case .single(let number): json["port"] = number
                case .range(let range): json["range"] = [range.lowerBound, range.upperBound]
                }
                json["name"] = port.name
                json["description"] = port.description
                json["protocol"] = port.protocol?.rawValue
                return json
            }
        }
        if !env.isEmpty { object["env"] = env }
        object["checkoutLocation"] = checkoutLocation
        object["workspaceLocation"] = workspaceLocation
        if !additionalRepositories.isEmpty {
            object["additionalRepositories"] = additionalRepositories.map { repository -> [String: Any] in
                var json: [String: Any] = ["url": repository.url]
                json["checkoutLocation"] = repository.checkoutLocation
                return json
            }
        }
        if !gitConfig.isEmpty { object["gitConfig"] = gitConfig }
        return object
    }

    /// `jsonObject` as pretty-printed JSON text with sorted keys.
    public func jsonText() -> String {
        let object = jsonObject
        if object.isEmpty { return "{}" }
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
