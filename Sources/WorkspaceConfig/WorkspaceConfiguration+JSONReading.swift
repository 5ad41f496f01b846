import Foundation

/// A normalized configuration (the JSON of `jsonObject`) that could not be read back.
public struct NormalizedConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The field at fault and what is wrong with it.
    public var message: String
    public var description: String { message }
}

extension WorkspaceConfiguration {
    /// Reads back the normalized configuration that `jsonObject` writes (as the store keeps it): the image and its
    /// build arguments, tasks, ports, environment, locations, additional repositories and git settings.
    /// - Throws: `NormalizedConfigurationError` naming the field at fault.
    public init(jsonObject object: [String: Any]) throws {
        self.init()
        var reader = NormalizedReader()
        switch object["image"] {
        case nil: break
        case let image as [String: Any]:
            if let name = image["name"] {
                self.image = .name(try reader.text(name, "image.name"))
            } else if let file = image["file"] {
                self.image = .file(
                    try reader.text(file, "image.file"),
                    context: try image["context"].map { try reader.text($0, "image.context") })
                imageBuildArguments = try image["args"].map { try reader.textMap($0, "image.args") } ?? [:]
            } else {
                throw NormalizedConfigurationError(message: "image needs \"name\" or \"file\"")
            }
        default: throw NormalizedConfigurationError(message: "image is not an object")
        }
        tasks = try reader.objects(object["tasks"], "tasks").enumerated().map { index, task in
            let path = "tasks[\(index)]"
            var result = WorkspaceTask()
            result.name = try task["name"].map { try reader.text($0, "\(path).name") }
            result.before = try task["before"].map { try reader.text($0, "\(path).before") }
            result.initialization = try task["init"].map { try reader.text($0, "\(path).init") }
            result.command = try task["command"].map { try reader.text($0, "\(path).command") }
            result.prebuild = try task["prebuild"].map { try reader.text($0, "\(path).prebuild") }
            result.env = try task["env"].map { try reader.textMap($0, "\(path).env") } ?? [:]
            return result
        }
        ports = try reader.objects(object["ports"], "ports").enumerated().map { index, entry in
            let path = "ports[\(index)]"
            let ports: PortConfiguration.Ports
            if let number = entry["port"] {
                ports = .single(try reader.port(number, "\(path).port"))
            } else if let range = entry["range"] as? [Any], range.count == 2 {
                let from = try reader.port(range[0], "\(path).range[0]")
                let to = try reader.port(range[1], "\(path).range[1]")
                guard from <= to else { throw NormalizedConfigurationError(message: "\(path).range is backwards") }
                ports = .range(from...to)
            } else {
                throw NormalizedConfigurationError(message: "\(path) needs \"port\" or a two-element \"range\"")
            }
            var port = PortConfiguration(ports)
            port.onOpen = try reader.choice(entry["onOpen"], "\(path).onOpen", default: .notify)
            port.visibility = try reader.choice(entry["visibility"], "\(path).visibility", default: .private)
            port.name = try entry["name"].map { try reader.text($0, "\(path).name") }
            port.description = try entry["description"].map { try reader.text($0, "\(path).description") }
            port.protocol = try entry["protocol"].map { try reader.choice($0, "\(path).protocol", default: .http) }
            return port
        }
        env = try object["env"].map { try reader.textMap($0, "env") } ?? [:]
        checkoutLocation = try object["checkoutLocation"].map { try reader.text($0, "checkoutLocation") }
        workspaceLocation = try object["workspaceLocation"].map { try reader.text($0, "workspaceLocation") }
        additionalRepositories = try reader.objects(object["additionalRepositories"], "additionalRepositories")
            .enumerated().map { index, entry in
                let path = "additionalRepositories[\(index)]"
                return AdditionalRepository(
                    url: try reader.text(entry["url"] as Any, "\(path).url"),
                    checkoutLocation: try entry["checkoutLocation"].map {
                        try reader.text($0, "\(path).checkoutLocation")
                    })
            }
        gitConfig = try object["gitConfig"].map { try reader.textMap($0, "gitConfig") } ?? [:]
    }

    /// Reads back the JSON text of a normalized configuration.
    /// - Throws: `NormalizedConfigurationError` when it is not a JSON object or a field is wrong.
    public init(jsonText: String) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(jsonText.utf8))) as? [String: Any] else {
            throw NormalizedConfigurationError(message: "the configuration is not a JSON object")
        }
        try self.init(jsonObject: object)
    }
}

/// Typed reads of JSON values, each failure naming its field.
private struct NormalizedReader {
    func text(_ value: Any, _ path: String) throws -> String {
        guard let text = value as? String else { throw NormalizedConfigurationError(message: "\(path) is not text") }
        return text
    }

    func textMap(_ value: Any, _ path: String) throws -> [String: String] {
        guard let map = value as? [String: String] else {
            throw NormalizedConfigurationError(message: "\(path) is not an object of text values")
        }
        return map
    }

    func objects(_ value: Any?, _ path: String) throws -> [[String: Any]] {
        guard let value else { return [] }
        guard let objects = value as? [[String: Any]] else {
            throw NormalizedConfigurationError(message: "\(path) is not a list of objects")
        }
        return objects
    }

    func port(_ value: Any, _ path: String) throws -> Int {
        guard let number = value as? Int, (1...65535).contains(number) else {
            throw NormalizedConfigurationError(message: "\(path) is not a port number")
        }
        return number
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ value: Any?, _ path: String, default fallback: Choice
    ) throws -> Choice where Choice.RawValue == String {
        guard let value else { return fallback }
        guard let text = value as? String, let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw NormalizedConfigurationError(message: "\(path) must be one of \(allowed)")
        }
        return choice
    }
}
