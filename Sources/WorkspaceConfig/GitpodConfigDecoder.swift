import YAML

/// Reads `.gitpod.yml` into a `WorkspaceConfiguration`, checking it against Gitpod's schema.
///
/// Unknown keys, wrong types, values outside an enumeration and malformed ports are errors; deprecated and
/// experimental properties are warnings. Every problem is collected, in file order.
public enum GitpodConfigDecoder {
    /// The top-level keys of Gitpod's schema.
    public static let topLevelKeys = [
        "image", "tasks", "ports", "env", "additionalRepositories", "mainConfiguration", "checkoutLocation",
        "workspaceLocation", "gitConfig", "vscode", "jetbrains", "github", "coreDump", "experimentalNetwork",
    ]
    static let taskKeys = ["name", "before", "init", "command", "env", "openIn", "openMode", "prebuild"]
    static let portKeys = ["port", "onOpen", "visibility", "name", "description", "protocol"]
    static let prebuildKeys = [
        "master", "branches", "pullRequests", "pullRequestsFromForks", "addBadge", "addCheck", "addLabel",
        "addComment",
    ]

    /// Reads a `.gitpod.yml` text.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the file's name in diagnostics.
    /// - Returns: the configuration (nil when there are errors) and every diagnostic.
    public static func decode(_ text: String, file: String) -> (WorkspaceConfiguration?, [ConfigDiagnostic]) {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(text)
        } catch {
            let diagnostic = ConfigDiagnostic(
                severity: .error, file: file, line: error.line, column: error.column, message: error.message)
            return (nil, [diagnostic])
        }
        var reader = NodeReader(file: file)
        var configuration = WorkspaceConfiguration()
        if let root, !root.isNull {
            decodeTopLevel(root, into: &configuration, reader: &reader)
        }
        let hasErrors = reader.diagnostics.contains { $0.severity == .error }
        return (hasErrors ? nil : configuration, reader.sortedDiagnostics)
    }

    private static func decodeTopLevel(
        _ root: YAMLNode, into configuration: inout WorkspaceConfiguration, reader: inout NodeReader
    ) {
        guard root.mapping != nil else {
            reader.error("the configuration must be a mapping, not \(NodeReader.kind(of: root))", at: root)
            return
        }
        guard let entries = reader.mapping(root, path: "the top level", allowed: topLevelKeys) else { return }
        for (key, keyNode, value) in entries {
            switch key {
            case "image": configuration.image = decodeImage(value, reader: &reader)
            case "tasks":
                configuration.tasks = (reader.sequence(value, path: "tasks") ?? []).enumerated().compactMap {
                    decodeTask($1, path: "tasks[\($0)]", reader: &reader)
                }
            case "ports":
                configuration.ports = (reader.sequence(value, path: "ports") ?? []).enumerated().compactMap {
                    decodePort($1, path: "ports[\($0)]", reader: &reader)
                }
            case "env": configuration.env = reader.stringMap(value, path: "env")
            case "additionalRepositories":
                configuration.additionalRepositories =
                    (reader.sequence(value, path: key) ?? []).enumerated().compactMap {
                        decodeRepository($1, path: "additionalRepositories[\($0)]", reader: &reader)
                    }
            case "mainConfiguration": configuration.mainConfiguration = reader.string(value, path: key)
            case "checkoutLocation": configuration.checkoutLocation = reader.string(value, path: key)
            case "workspaceLocation": configuration.workspaceLocation = reader.string(value, path: key)
            case "gitConfig": configuration.gitConfig = reader.stringMap(value, path: key)
            case "vscode": configuration.vscode = decodeVSCode(value, reader: &reader)
            case "jetbrains": configuration.jetbrains = decodeJetBrains(value, reader: &reader)
            case "github":
                reader.warning(
                    "'github' is deprecated: configure prebuilds in the project settings instead", at: keyNode)
                configuration.github = decodeGitHub(value, reader: &reader)
            case "coreDump":
                reader.warning("'coreDump' is experimental and may change", at: keyNode)
                configuration.coreDump = decodeCoreDump(value, reader: &reader)
            case "experimentalNetwork":
                reader.warning("'experimentalNetwork' is deprecated and has no effect", at: keyNode)
                configuration.experimentalNetwork = reader.bool(value, path: key)
            default: break
            }
        }
    }

    private static func decodeImage(_ node: YAMLNode, reader: inout NodeReader) -> WorkspaceImage? {
        if node.isNull { return nil }
        if node.scalar != nil {
            return reader.string(node, path: "image").map(WorkspaceImage.name)
        }
        guard node.mapping != nil else {
            reader.error(
                "image must be an image name or a mapping with 'file', not \(NodeReader.kind(of: node))", at: node)
            return nil
        }
        guard let entries = reader.mapping(node, path: "image", allowed: ["file", "context"]) else { return nil }
        var file: String?
        var context: String?
        for (key, _, value) in entries {
            if key == "file" { file = reader.string(value, path: "image.file") }
            if key == "context" { context = reader.string(value, path: "image.context") }
        }
        guard let file else {
            reader.error("image needs 'file': the Dockerfile's path, relative to the repository", at: node)
            return nil
        }
        return .file(file, context: context)
    }

    private static func decodeTask(_ node: YAMLNode, path: String, reader: inout NodeReader) -> WorkspaceTask? {
        guard let entries = reader.mapping(node, path: path, allowed: taskKeys) else { return nil }
        var task = WorkspaceTask()
        for (key, keyNode, value) in entries {
            switch key {
            case "name": task.name = reader.string(value, path: "\(path).name")
            case "before": task.before = reader.string(value, path: "\(path).before")
            case "init": task.initialization = reader.string(value, path: "\(path).init")
            case "command": task.command = reader.string(value, path: "\(path).command")
            case "prebuild":
                reader.warning("'prebuild' in \(path) is deprecated: use 'init' instead", at: keyNode)
                task.prebuild = reader.string(value, path: "\(path).prebuild")
            case "env": task.env = reader.stringMap(value, path: "\(path).env")
            case "openIn": task.openIn = reader.choice(value, path: "\(path).openIn", as: WorkspaceTask.OpenIn.self)
            case "openMode":
                task.openMode = reader.choice(value, path: "\(path).openMode", as: WorkspaceTask.OpenMode.self)
            default: break
            }
        }
        return task
    }

    private static func decodePort(_ node: YAMLNode, path: String, reader: inout NodeReader) -> PortConfiguration? {
        guard let entries = reader.mapping(node, path: path, allowed: portKeys) else { return nil }
        guard let portEntry = entries.first(where: { $0.key == "port" }) else {
            reader.error("\(path) needs 'port': a number such as 3000 or a range such as 3000-3999", at: node)
            return nil
        }
        guard let text = reader.string(portEntry.value, path: "\(path).port") else {
            reader.error("\(path).port must be a number or a range, not null", at: portEntry.value)
            return nil
        }
        guard let ports = PortConfiguration.parsePorts(text) else {
            reader.error(
                "invalid port '\(text)' in \(path); expected a number from 1 to 65535 or a range such as 3000-3999",
                at: portEntry.value)
            return nil
        }
        var port = PortConfiguration(ports)
        for (key, _, value) in entries {
            switch key {
            case "onOpen":
                port.onOpen = reader.choice(value, path: "\(path).onOpen", as: PortConfiguration.OnOpen.self) ?? .notify
            case "visibility":
                port.visibility =
                    reader.choice(value, path: "\(path).visibility", as: PortConfiguration.Visibility.self) ?? .private
            case "name": port.name = reader.string(value, path: "\(path).name")
            case "description": port.description = reader.string(value, path: "\(path).description")
            case "protocol":
                port.protocol = reader.choice(value, path: "\(path).protocol", as: PortConfiguration.PortProtocol.self)
            default: break
            }
        }
        return port
    }

    private static func decodeRepository(
        _ node: YAMLNode, path: String, reader: inout NodeReader
    ) -> AdditionalRepository? {
        guard let entries = reader.mapping(node, path: path, allowed: ["url", "checkoutLocation"]) else { return nil }
        var url: String?
        var checkoutLocation: String?
        for (key, _, value) in entries {
            if key == "url" { url = reader.string(value, path: "\(path).url") }
            if key == "checkoutLocation" { checkoutLocation = reader.string(value, path: "\(path).checkoutLocation") }
        }
        guard let url else {
            reader.error("\(path) needs 'url': the repository to clone", at: node)
            return nil
        }
        return AdditionalRepository(url: url, checkoutLocation: checkoutLocation)
    }

    private static func decodeVSCode(_ node: YAMLNode, reader: inout NodeReader) -> VSCodeConfiguration? {
        if node.isNull { return nil }
        guard let entries = reader.mapping(node, path: "vscode", allowed: ["extensions"]) else { return nil }
        var vscode = VSCodeConfiguration()
        for (_, _, value) in entries {
            vscode.extensions = reader.strings(value, path: "vscode.extensions")
        }
        return vscode
    }

    private static func decodeJetBrains(_ node: YAMLNode, reader: inout NodeReader) -> JetBrainsConfiguration? {
        if node.isNull { return nil }
        let allowed = ["plugins"] + JetBrainsConfiguration.Product.allCases.map(\.rawValue)
        guard let entries = reader.mapping(node, path: "jetbrains", allowed: allowed) else { return nil }
        var jetbrains = JetBrainsConfiguration()
        for (key, _, value) in entries {
            if key == "plugins" {
                jetbrains.plugins = reader.strings(value, path: "jetbrains.plugins")
            } else if let product = JetBrainsConfiguration.Product(rawValue: key) {
                jetbrains.products[product] = decodeProduct(value, path: "jetbrains.\(key)", reader: &reader)
            }
        }
        return jetbrains
    }

    private static func decodeProduct(
        _ node: YAMLNode, path: String, reader: inout NodeReader
    ) -> ProductConfiguration {
        var product = ProductConfiguration()
        if node.isNull { return product }
        let allowed = ["plugins", "prebuilds", "vmoptions"]
        guard let entries = reader.mapping(node, path: path, allowed: allowed) else { return product }
        for (key, _, value) in entries {
            switch key {
            case "plugins": product.plugins = reader.strings(value, path: "\(path).plugins")
            case "vmoptions": product.vmoptions = reader.string(value, path: "\(path).vmoptions")
            case "prebuilds":
                if value.isNull { break }
                let prebuilds = reader.mapping(value, path: "\(path).prebuilds", allowed: ["version"]) ?? []
                for entry in prebuilds {
                    product.prebuildsVersion = reader.choice(
                        entry.value, path: "\(path).prebuilds.version", as: ProductConfiguration.PrebuildVersion.self)
                }
            default: break
            }
        }
        return product
    }

    private static func decodeGitHub(_ node: YAMLNode, reader: inout NodeReader) -> GitHubConfiguration? {
        if node.isNull { return nil }
        guard let entries = reader.mapping(node, path: "github", allowed: ["prebuilds"]) else { return nil }
        var github = GitHubConfiguration()
        for (_, _, value) in entries {
            github.prebuilds = decodePrebuilds(value, reader: &reader)
        }
        return github
    }

    private static func decodePrebuilds(_ node: YAMLNode, reader: inout NodeReader) -> GitHubPrebuilds? {
        let path = "github.prebuilds"
        if node.isNull { return nil }
        var prebuilds = GitHubPrebuilds()
        if let enabled = node.scalar?.bool {
            prebuilds.enabled = enabled
            return prebuilds
        }
        guard node.mapping != nil else {
            reader.error("\(path) must be a boolean or a mapping, not \(NodeReader.kind(of: node))", at: node)
            return nil
        }
        // The schema lets this mapping have other keys: they are ignored, with a warning.
        let entries =
            reader.mapping(
                node, path: path, allowed: prebuildKeys, unknownKeysAreErrors: false, unknownKeyNote: "; it is ignored")
            ?? []
        for (key, _, value) in entries {
            let keyPath = "\(path).\(key)"
            switch key {
            case "master": prebuilds.master = reader.bool(value, path: keyPath)
            case "branches": prebuilds.branches = reader.bool(value, path: keyPath)
            case "pullRequests": prebuilds.pullRequests = reader.bool(value, path: keyPath)
            case "pullRequestsFromForks": prebuilds.pullRequestsFromForks = reader.bool(value, path: keyPath)
            case "addBadge": prebuilds.addBadge = reader.bool(value, path: keyPath)
            case "addComment": prebuilds.addComment = reader.bool(value, path: keyPath)
            case "addCheck":
                if let bool = value.scalar?.bool {
                    prebuilds.addCheck = String(bool)
                } else if value.scalar?.value == "prevent-merge-on-error" {
                    prebuilds.addCheck = "prevent-merge-on-error"
                } else if !value.isNull {
                    reader.error(
                        "invalid value for \(keyPath); allowed: true, false, prevent-merge-on-error", at: value)
                }
            case "addLabel": prebuilds.addLabel = reader.string(value, path: keyPath)
            default: break
            }
        }
        return prebuilds
    }

    private static func decodeCoreDump(_ node: YAMLNode, reader: inout NodeReader) -> CoreDumpConfiguration? {
        if node.isNull { return nil }
        let allowed = ["enabled", "softLimit", "hardLimit"]
        guard let entries = reader.mapping(node, path: "coreDump", allowed: allowed) else { return nil }
        var coreDump = CoreDumpConfiguration()
        for (key, _, value) in entries {
            switch key {
            case "enabled": coreDump.enabled = reader.bool(value, path: "coreDump.enabled")
            case "softLimit": coreDump.softLimit = reader.number(value, path: "coreDump.softLimit")
            case "hardLimit": coreDump.hardLimit = reader.number(value, path: "coreDump.hardLimit")
            default: break
            }
        }
        return coreDump
    }
}
