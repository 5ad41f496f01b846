import Foundation
import Testing
import WorkspaceConfig

@Suite struct WorkspaceConfigLoaderTests {
    /// A fresh repository directory with the given files, removed after `body`.
    private func withRepository(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swiftpod-config-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        try body(directory)
    }

    @Test func gitpodYAMLWinsOverDevcontainerJSON() throws {
        try withRepository([
            ".gitpod.yml": "image: from-gitpod\n",
            ".devcontainer/devcontainer.json": #"{"image": "from-devcontainer"}"#,
        ]) { directory in
            let loaded = try WorkspaceConfigLoader.load(directory)
            #expect(loaded.file == ".gitpod.yml")
            #expect(loaded.configuration.image == .name("from-gitpod"))
            #expect(
                loaded.warnings.map(\.description) == [
                    ".devcontainer/devcontainer.json:1:1: warning: ignored: .gitpod.yml takes precedence over "
                        + ".devcontainer/devcontainer.json"
                ])
        }
    }

    @Test func devcontainerFolderBeforeRootFile() throws {
        try withRepository([
            ".devcontainer/devcontainer.json": #"{"build": {"dockerfile": "Dockerfile"}}"#,
            ".devcontainer.json": #"{"image": "root"}"#,
        ]) { directory in
            let loaded = try WorkspaceConfigLoader.load(directory)
            #expect(loaded.file == ".devcontainer/devcontainer.json")
            #expect(loaded.configuration.image == .file(".devcontainer/Dockerfile", context: ".devcontainer"))
        }
        try withRepository([".devcontainer.json": #"{"image": "root"}"#]) { directory in
            let loaded = try WorkspaceConfigLoader.load(directory)
            #expect(loaded.configuration.image == .name("root"))
        }
    }

    @Test func aRepositoryWithoutConfigurationGetsTheDefaults() throws {
        try withRepository(["README.md": "hello\n"]) { directory in
            let loaded = try WorkspaceConfigLoader.load(directory)
            #expect(loaded.file == nil)
            #expect(loaded.configuration == WorkspaceConfiguration())
        }
    }

    @Test func aFileIsReadByItsExtension() throws {
        try withRepository([".devcontainer/devcontainer.json": #"{"build": {"dockerfile": "Dockerfile"}}"#]) {
            let path = ($0 as NSString).appendingPathComponent(".devcontainer/devcontainer.json")
            let loaded = try WorkspaceConfigLoader.load(path)
            #expect(loaded.configuration.image == .file(".devcontainer/Dockerfile", context: ".devcontainer"))
        }
    }

    @Test func invalidConfigurationThrowsEveryProblem() throws {
        try withRepository([".gitpod.yml": "tasks:\n  - comand: a\nports: 3000\nexperimentalNetwork: true\n"]) {
            directory in
            let error = try #require(throws: WorkspaceConfigError.self) { try WorkspaceConfigLoader.load(directory) }
            #expect(error.errors.count == 2)
            #expect(error.diagnostics.count == 3)
            #expect(
                error.description.split(separator: "\n").first?.hasPrefix(
                    ".gitpod.yml:2:5: unknown key 'comand' in tasks[0]; did you mean 'command'?") == true)
        }
    }

    @Test func aMissingPathIsAnError() {
        let error = #expect(throws: WorkspaceConfigError.self) { try WorkspaceConfigLoader.load("/nonexistent/x") }
        #expect(error?.description == "/nonexistent/x:1:1: no such file or directory")
    }
}
