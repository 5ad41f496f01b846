import Testing
import WorkspaceConfig

/// The configuration read from file texts, as a workspace start reads them from git.
@Suite struct WorkspaceConfigLoaderFilesTests {
    @Test func gitpodWinsOverDevcontainerWithAWarning() throws {
        let loaded = try WorkspaceConfigLoader.load(files: [
            ".gitpod.yml": "tasks:\n  - command: echo hi\n",
            ".devcontainer/devcontainer.json": #"{"image": "python:3"}"#,
        ])
        #expect(loaded.file == ".gitpod.yml")
        #expect(loaded.configuration.tasks.first?.command == "echo hi")
        #expect(
            loaded.warnings.map(\.message) == [
                "ignored: .gitpod.yml takes precedence over .devcontainer/devcontainer.json"
            ])
    }

    @Test func aDevcontainerInItsFolderHasItsPathsMadeRelativeToTheRepository() throws {
        let loaded = try WorkspaceConfigLoader.load(files: [
            ".devcontainer/devcontainer.json": #"{"build": {"dockerfile": "Dockerfile"}}"#
        ])
        #expect(loaded.configuration.image == .file(".devcontainer/Dockerfile", context: ".devcontainer"))
    }

    @Test func noFilesIsTheDefaultAndABadFileNamesItsProblem() throws {
        let empty = try WorkspaceConfigLoader.load(files: [:])
        #expect(empty.file == nil)
        #expect(empty.configuration == WorkspaceConfiguration())
        let error = #expect(throws: WorkspaceConfigError.self) {
            _ = try WorkspaceConfigLoader.load(files: [".gitpod.yml": "tasks: 3\n"])
        }
        #expect(error?.diagnostics.first?.file == ".gitpod.yml")
        #expect(error?.diagnostics.first?.line == 1)
    }
}
