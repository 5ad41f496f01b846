import Basics
import YAML

/// Reads devcontainer.json into a `WorkspaceConfiguration`; see docs/configuration.md for the mapping.
///
/// The lifecycle commands become one task named `devcontainer`: `onCreateCommand`, `updateContentCommand` and
/// `postCreateCommand` its `init` (run once, by prebuilds), `postStartCommand` and `postAttachCommand` its `command`
/// (run at every start). Wrong types in what is supported are errors; everything not supported yet is a warning.
public enum DevcontainerDecoder {
    /// The keys that are read.
    static let supportedKeys: Set<String> = [
        "name", "$schema", "image", "build", "dockerFile", "context", "forwardPorts", "portsAttributes",
        "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand",
        "containerEnv", "remoteEnv", "remoteUser", "workspaceFolder", "customizations", "extensions",
    ]

    /// Reads a devcontainer.json text.
    /// - Parameters:
    ///   - text: the file's contents (JSON with comments and trailing commas).
    ///   - file: the file's name in diagnostics.
    ///   - devcontainerFolder: the folder holding the file, relative to the repository (`.devcontainer`, or ""
    ///     for a `.devcontainer.json` at the root); Dockerfile paths are relative to it.
    /// - Returns: the configuration (nil when there are errors) and every diagnostic.
    public static func decode(
        _ text: String, file: String, devcontainerFolder: String
    ) -> (WorkspaceConfiguration?, [ConfigDiagnostic]) {
        let root: YAMLNode
        do {
            root = try JSONCParser.parse(text)
        } catch {
            let diagnostic = ConfigDiagnostic(
                severity: .error, file: file, line: error.line, column: error.column, message: error.message)
            return (nil, [diagnostic])
        }
        var decoder = Decoder(reader: NodeReader(file: file), folder: devcontainerFolder)
        decoder.decodeTopLevel(root)
        let diagnostics = decoder.reader.sortedDiagnostics
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return (hasErrors ? nil : decoder.configuration, diagnostics)
    }

    /// Joins a command's array form into one shell line, quoting what the shell would split or expand.
    static func shellLine(_ arguments: [String]) -> String {
        arguments.map { argument in
            let safe =
                !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }
            return safe ? argument : "'" + argument.replacing("'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// Resolves `.` and `..` in a relative path; "." for the repository root.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    private struct Decoder {
        var reader: NodeReader
        let folder: String
        var configuration = WorkspaceConfiguration()
        var initCommands: [String] = []
        var startCommands: [String] = []
        var containerEnv: [String: String] = [:]
        var remoteEnv: [String: String] = [:]

        init(reader: NodeReader, folder: String) {
            self.reader = reader
            self.folder = folder
        }

        mutating func decodeTopLevel(_ root: YAMLNode) {
            guard let entries = reader.mapping(root, path: "devcontainer.json", allowed: nil) else { return }
            var commands: [String: YAMLNode] = [:]
            var portsAttributes: YAMLNode?
            for (key, keyNode, value) in entries {
                if DevcontainerDecoder.supportedKeys.contains(key),
                    !["customizations", "workspaceFolder"].contains(key)
                {
                    warnAboutVariables(in: value)
                }
                switch key {
                case "name", "$schema": break
                case "image": configuration.image = reader.string(value, path: key).map(WorkspaceImage.name)
                case "build": decodeBuild(value)
                case "dockerFile":
                    reader.warning(
                        "'dockerFile' is deprecated in devcontainer.json: use 'build.dockerfile'", at: keyNode)
                    if let file = reader.string(value, path: key) {
                        let context = entries.first { $0.key == "context" }.flatMap {
                            reader.string($0.value, path: "context")
                        }
                        configuration.image = .file(
                            DevcontainerDecoder.normalize(folder + "/" + file),
                            context: DevcontainerDecoder.normalize(folder + "/" + (context ?? ".")))
                    }
                case "context": break  // Read with `dockerFile`.
                case "forwardPorts": decodeForwardPorts(value)
                case "portsAttributes": portsAttributes = value
                case "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand",
                    "postAttachCommand":
                    commands[key] = value
                case "containerEnv": containerEnv = reader.stringMap(value, path: key)
                case "remoteEnv": remoteEnv = reader.stringMap(value, path: key)
                case "remoteUser": configuration.remoteUser = reader.string(value, path: key)
                case "workspaceFolder": decodeWorkspaceFolder(value)
                case "customizations": decodeCustomizations(value)
                case "extensions":
                    reader.warning(
                        "top-level 'extensions' is deprecated in devcontainer.json: use "
                            + "'customizations.vscode.extensions'", at: keyNode)
                    appendExtensions(reader.strings(value, path: key))
                default:
                    var message = "'\(key)' is not supported yet and is ignored"
                    if let suggestion = Suggestion.closest(to: key, in: DevcontainerDecoder.supportedKeys.sorted()) {
                        message += "; did you mean '\(suggestion)'?"
                    }
                    reader.warning(message, at: keyNode)
                }
            }
            if let portsAttributes { decodePortsAttributes(portsAttributes) }
            for key in ["onCreateCommand", "updateContentCommand", "postCreateCommand"] {
                if let node = commands[key], let command = decodeCommand(node, path: key) {
                    initCommands.append(command)
                }
            }
            for key in ["postStartCommand", "postAttachCommand"] {
                if let node = commands[key], let command = decodeCommand(node, path: key) {
                    startCommands.append(command)
                }
            }
            if !initCommands.isEmpty || !startCommands.isEmpty {
                var task = WorkspaceTask(name: "devcontainer")
                task.initialization = initCommands.isEmpty ? nil : initCommands.joined(separator: "\n")
                task.command = startCommands.isEmpty ? nil : startCommands.joined(separator: "\n")
                configuration.tasks = [task]
            }
            configuration.env = containerEnv.merging(remoteEnv) { _, remote in remote }
        }

        mutating func decodeBuild(_ node: YAMLNode) {
            guard let entries = reader.mapping(node, path: "build", allowed: nil) else { return }
            var dockerfile: String?
            var context: String?
            for (key, keyNode, value) in entries {
                switch key {
                case "dockerfile": dockerfile = reader.string(value, path: "build.dockerfile")
                case "context": context = reader.string(value, path: "build.context")
                case "args": configuration.imageBuildArguments = reader.stringMap(value, path: "build.args")
                default:
                    reader.warning("'build.\(key)' is not supported yet and is ignored", at: keyNode)
                }
            }
            guard let dockerfile else {
                reader.error("build needs 'dockerfile': the Dockerfile's path, relative to devcontainer.json", at: node)
                return
            }
            configuration.image = .file(
                DevcontainerDecoder.normalize(folder + "/" + dockerfile),
                context: DevcontainerDecoder.normalize(folder + "/" + (context ?? ".")))
        }

        mutating func decodeForwardPorts(_ node: YAMLNode) {
            for (index, item) in (reader.sequence(node, path: "forwardPorts") ?? []).enumerated() {
                let path = "forwardPorts[\(index)]"
                guard let text = reader.string(item, path: path) else { continue }
                var portText = Substring(text)
                if let colon = text.lastIndex(of: ":") {
                    let host = text[..<colon]
                    portText = text[text.index(after: colon)...]
                    if !["localhost", "127.0.0.1", "0.0.0.0"].contains(host) {
                        reader.warning(
                            "'\(text)' in \(path) forwards a port of another host ('\(host)'), which is not supported "
                                + "yet; port \(portText) of the workspace is forwarded instead", at: item)
                    }
                }
                guard let port = Int(portText), (1...65535).contains(port) else {
                    reader.error(
                        "invalid port '\(text)' in \(path); expected a number from 1 to 65535 or 'host:port'", at: item)
                    continue
                }
                configuration.ports.append(PortConfiguration(.single(port)))
            }
        }

        mutating func decodePortsAttributes(_ node: YAMLNode) {
            guard let entries = reader.mapping(node, path: "portsAttributes", allowed: nil) else { return }
            for (key, keyNode, value) in entries {
                let path = "portsAttributes.\(key)"
                guard let ports = PortConfiguration.parsePorts(key) else {
                    reader.warning(
                        "'\(key)' in portsAttributes is not a port or a range such as 3000-3999; "
                            + "patterns are not supported yet and it is ignored", at: keyNode)
                    continue
                }
                guard let attributes = reader.mapping(value, path: path, allowed: nil) else { continue }
                var port = configuration.ports.first { $0.ports == ports } ?? PortConfiguration(ports)
                for (attribute, attributeNode, attributeValue) in attributes {
                    switch attribute {
                    case "label": port.name = reader.string(attributeValue, path: "\(path).label")
                    case "protocol":
                        port.protocol = reader.choice(
                            attributeValue, path: "\(path).protocol", as: PortConfiguration.PortProtocol.self)
                    case "onAutoForward":
                        if let action = reader.choice(
                            attributeValue, path: "\(path).onAutoForward", as: AutoForwardAction.self)
                        {
                            port.onOpen = action.onOpen
                        }
                    default:
                        reader.warning(
                            "'\(attribute)' in \(path) is not supported yet and is ignored", at: attributeNode)
                    }
                }
                if let index = configuration.ports.firstIndex(where: { $0.ports == ports }) {
                    configuration.ports[index] = port
                } else {
                    configuration.ports.append(port)
                }
            }
        }

        /// A lifecycle command: a shell string, an argument array, or an object of commands run in parallel.
        mutating func decodeCommand(_ node: YAMLNode, path: String) -> String? {
            switch node.content {
            case .scalar:
                return reader.string(node, path: path)
            case .sequence:
                let arguments = reader.strings(node, path: path)
                return arguments.isEmpty ? nil : DevcontainerDecoder.shellLine(arguments)
            case .mapping:
                let entries = reader.mapping(node, path: path, allowed: nil) ?? []
                let commands = entries.compactMap { entry -> String? in
                    let command: String? =
                        entry.value.sequence != nil
                        ? DevcontainerDecoder.shellLine(reader.strings(entry.value, path: "\(path).\(entry.key)"))
                        : reader.string(entry.value, path: "\(path).\(entry.key)")
                    return command.map { "(\($0)) &" }
                }
                return commands.isEmpty ? nil : (commands + ["wait"]).joined(separator: "\n")
            }
        }

        mutating func decodeWorkspaceFolder(_ node: YAMLNode) {
            guard let folder = reader.string(node, path: "workspaceFolder") else { return }
            // Swiftpod mounts the workspace at /workspace and clones the repository into a folder named after it,
            // which is where `/workspaces/${localWorkspaceFolderBasename}` points: the default.
            var location = Substring(folder)
            for prefix in ["/workspaces/", "/workspace/"] where location.hasPrefix(prefix) {
                location = location.dropFirst(prefix.count)
            }
            if location == "${localWorkspaceFolderBasename}" || location.isEmpty { return }
            configuration.workspaceLocation = String(location)
        }

        mutating func decodeCustomizations(_ node: YAMLNode) {
            guard let tools = reader.mapping(node, path: "customizations", allowed: nil) else { return }
            for (tool, toolNode, value) in tools {
                guard tool == "vscode" else {
                    reader.warning("'customizations.\(tool)' is for another tool and is ignored", at: toolNode)
                    continue
                }
                for (key, keyNode, setting) in reader.mapping(value, path: "customizations.vscode", allowed: nil) ?? []
                {
                    if key == "extensions" {
                        appendExtensions(reader.strings(setting, path: "customizations.vscode.extensions"))
                    } else {
                        reader.warning(
                            "'customizations.vscode.\(key)' is not supported yet and is ignored", at: keyNode)
                    }
                }
            }
        }

        /// Warns about `${...}` devcontainer variables, which are passed on as written.
        mutating func warnAboutVariables(in node: YAMLNode) {
            switch node.content {
            case .scalar(let scalar):
                let prefixes = [
                    "${localEnv:", "${containerEnv:", "${localWorkspaceFolder", "${containerWorkspaceFolder",
                    "${devcontainerId}",
                ]
                var found: [String] = []
                var rest = Substring(scalar.value)
                while let start = rest.range(of: "${") {
                    let tail = rest[start.lowerBound...]
                    guard let end = tail.firstIndex(of: "}") else { break }
                    let variable = String(tail[...end])
                    if prefixes.contains(where: { variable.hasPrefix($0) }), !found.contains(variable) {
                        found.append(variable)
                    }
                    rest = tail[tail.index(after: end)...]
                }
                for variable in found {
                    reader.warning(
                        "the devcontainer variable '\(variable)' is not substituted yet and is passed on as written",
                        at: node)
                }
            case .sequence(let items):
                for item in items { warnAboutVariables(in: item) }
            case .mapping(let entries):
                for entry in entries { warnAboutVariables(in: entry.value) }
            }
        }

        mutating func appendExtensions(_ extensions: [String]) {
            var vscode = configuration.vscode ?? VSCodeConfiguration()
            for item in extensions where !vscode.extensions.contains(item) {
                vscode.extensions.append(item)
            }
            configuration.vscode = vscode
        }
    }

    /// devcontainer.json's `onAutoForward` values and the `onOpen` each becomes.
    enum AutoForwardAction: String, CaseIterable {
        case notify, openBrowser, openBrowserOnce, openPreview, silent, ignore

        var onOpen: PortConfiguration.OnOpen {
            switch self {
            case .notify: .notify
            case .openBrowser, .openBrowserOnce: .openBrowser
            case .openPreview: .openPreview
            case .silent: .ignore
            case .ignore: .ignoreCompletely
            }
        }
    }
}
