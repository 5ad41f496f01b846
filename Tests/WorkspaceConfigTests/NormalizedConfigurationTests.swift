import Foundation
import Testing
import WorkspaceConfig

/// The normalized JSON (`config show --json`, and what the store keeps) read back into the model.
@Suite struct NormalizedConfigurationTests {
    @Test(arguments: ReferenceFileTests.gitpodFiles)
    func gitpodReferenceFilesRoundTrip(name: String) throws {
        guard let configuration = try ReferenceFileTests.gitpod(name).0 else { return }
        let text = configuration.jsonText()
        #expect(try WorkspaceConfiguration(jsonText: text).jsonText() == text)
    }

    @Test(arguments: ReferenceFileTests.devcontainerFiles)
    func devcontainerReferenceFilesRoundTrip(name: String) throws {
        let text = try ReferenceFileTests.devcontainer(name).0.jsonText()
        #expect(try WorkspaceConfiguration(jsonText: text).jsonText() == text)
    }

    @Test func everyFieldComesBack() throws {
        var configuration = WorkspaceConfiguration()
        configuration.image = .file(".gitpod/Dockerfile", context: ".gitpod")
        configuration.imageBuildArguments = ["VERSION": "3"]
        var task = WorkspaceTask()
        task.name = "build"
        task.before = "b"
        task.initialization = "i"
        task.command = "c"
        task.env = ["K": "V"]
        configuration.tasks = [task]
        var port = PortConfiguration(.range(3000...3999))
        port.onOpen = .ignore
        port.visibility = .public
        port.name = "web"
        port.description = "the app"
        port.protocol = .https
        configuration.ports = [port, PortConfiguration(.single(8080))]
        configuration.env = ["A": "1"]
        configuration.checkoutLocation = "app"
        configuration.workspaceLocation = "app/src"
        configuration.additionalRepositories = [
            AdditionalRepository(url: "https://github.com/o/r", checkoutLocation: "r")
        ]
        configuration.gitConfig = ["core.autocrlf": "input"]
        #expect(try WorkspaceConfiguration(jsonText: configuration.jsonText()) == configuration)
    }

    @Test(arguments: [
        (#"[]"#, "the configuration is not a JSON object"),
        (#"{"image": 3}"#, "image is not an object"),
        (#"{"image": {}}"#, #"image needs "name" or "file""#),
        (#"{"tasks": [{"init": 1}]}"#, "tasks[0].init is not text"),
        (#"{"ports": [{"port": 70000}]}"#, "ports[0].port is not a port number"),
        (#"{"ports": [{"range": [9, 3]}]}"#, "ports[0].range is backwards"),
        (#"{"ports": [{"port": 1, "onOpen": "explode"}]}"#, "ports[0].onOpen must be one of"),
        (#"{"env": {"A": 1}}"#, "env is not an object of text values"),
        (#"{"additionalRepositories": [{}]}"#, "additionalRepositories[0].url is not text"),
    ])
    func badFieldsAreNamed(text: String, message: String) {
        let error = #expect(throws: NormalizedConfigurationError.self) {
            _ = try WorkspaceConfiguration(jsonText: text)
        }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    }
}
