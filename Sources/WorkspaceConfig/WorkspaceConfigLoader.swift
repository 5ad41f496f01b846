import Foundation

/// A configuration that loaded, with the warnings found on the way.
public struct LoadedWorkspaceConfig: Sendable, Equatable {
    /// The configuration.
    public var configuration: WorkspaceConfiguration
    /// Things ignored, deprecated or overridden; the configuration is usable anyway.
    public var warnings: [ConfigDiagnostic]
    /// The file read, as named in diagnostics; nil when the repository has no configuration.
    public var file: String?
}

/// Finds and reads a repository's configuration: `.gitpod.yml` first, then devcontainer.json.
public enum WorkspaceConfigLoader {
    /// The files a repository's configuration is looked for in, in order of preference.
    public static let gitpodFileNames = [".gitpod.yml", ".gitpod.yaml"]
    /// The devcontainer.json locations, in order of preference.
    public static let devcontainerFileNames = [".devcontainer/devcontainer.json", ".devcontainer.json"]

    /// Reads the configuration of a repository directory, or one configuration file.
    ///
    /// In a directory, `.gitpod.yml` wins over devcontainer.json (with a warning when both exist); a directory
    /// with neither gives the default configuration. A file named `*.json` is read as devcontainer.json,
    /// anything else as `.gitpod.yml`.
    /// - Parameter path: a repository directory or a configuration file.
    /// - Throws: `WorkspaceConfigError` with every problem (warnings included) when the configuration is invalid
    ///   or cannot be read.
    public static func load(_ path: String) throws(WorkspaceConfigError) -> LoadedWorkspaceConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable(path, "no such file or directory")
        }
        guard isDirectory.boolValue else {
            let isJSON = path.hasSuffix(".json")
            let directory = (path as NSString).deletingLastPathComponent
            let repositoryRelative =
                (directory as NSString).lastPathComponent == ".devcontainer" ? ".devcontainer" : ""
            return try loadFile(at: path, named: path, isDevcontainer: isJSON, devcontainerFolder: repositoryRelative)
        }
        var files: [String: String] = [:]
        for name in gitpodFileNames + devcontainerFileNames {
            let file = (path as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file) else { continue }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw unreadable(name, "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw unreadable(name, "the file is not UTF-8 text")
            }
            files[name] = text
        }
        return try load(files: files)
    }

    /// Reads a repository's configuration from the texts of its configuration files, by repository-relative name
    /// (as a workspace start reads them from git, before any checkout): `.gitpod.yml` wins over devcontainer.json
    /// (with a warning when both exist); neither gives the default configuration.
    /// - Throws: `WorkspaceConfigError` with every problem when the configuration is invalid.
    public static func load(files: [String: String]) throws(WorkspaceConfigError) -> LoadedWorkspaceConfig {
        let gitpodFile = gitpodFileNames.first { files[$0] != nil }
        let devcontainerFile = devcontainerFileNames.first { files[$0] != nil }
        if let gitpodFile, let text = files[gitpodFile] {
            var loaded = try decode(text, named: gitpodFile, isDevcontainer: false, devcontainerFolder: "")
            if let devcontainerFile {
                loaded.warnings.append(
                    ConfigDiagnostic(
                        severity: .warning, file: devcontainerFile, line: 1, column: 1,
                        message: "ignored: \(gitpodFile) takes precedence over \(devcontainerFile)"))
            }
            return loaded
        }
        if let devcontainerFile, let text = files[devcontainerFile] {
            let folder = devcontainerFile.hasPrefix(".devcontainer/") ? ".devcontainer" : ""
            return try decode(text, named: devcontainerFile, isDevcontainer: true, devcontainerFolder: folder)
        }
        return LoadedWorkspaceConfig(configuration: WorkspaceConfiguration(), warnings: [], file: nil)
    }

    private static func loadFile(
        at path: String, named name: String, isDevcontainer: Bool, devcontainerFolder: String
    ) throws(WorkspaceConfigError) -> LoadedWorkspaceConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable(name, "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw unreadable(name, "the file is not UTF-8 text")
        }
        return try decode(text, named: name, isDevcontainer: isDevcontainer, devcontainerFolder: devcontainerFolder)
    }

    private static func decode(
        _ text: String, named name: String, isDevcontainer: Bool, devcontainerFolder: String
    ) throws(WorkspaceConfigError) -> LoadedWorkspaceConfig {
        let (configuration, diagnostics) =
            isDevcontainer
            ? DevcontainerDecoder.decode(text, file: name, devcontainerFolder: devcontainerFolder)
            : GitpodConfigDecoder.decode(text, file: name)
        guard let configuration else {
            throw WorkspaceConfigError(diagnostics: diagnostics)
        }
        return LoadedWorkspaceConfig(configuration: configuration, warnings: diagnostics, file: name)
    }

    private static func unreadable(_ file: String, _ message: String) -> WorkspaceConfigError {
        WorkspaceConfigError(diagnostics: [
            ConfigDiagnostic(severity: .error, file: file, line: 1, column: 1, message: message)
        ])
    }
}
