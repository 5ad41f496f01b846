import Foundation
import Supervisor
import Testing
import WorkspaceConfig

@testable import WorkspaceManager

/// The stored configuration read back for a start, and the names and URLs derived from it.
@Suite struct WorkspaceConfigurationTests {
    @Test func aStoredConfigurationBecomesTheSupervisorsTasks() throws {
        var original = WorkspaceConfiguration()
        original.image = .file(".gitpod.Dockerfile", context: "docker")
        original.tasks = [
            WorkspaceTask(name: "build", before: "echo before", initialization: "make", command: "make run"),
            WorkspaceTask(command: "npm start", env: ["PORT": "3000"]),
        ]
        original.env = ["A": "1"]
        original.checkoutLocation = "src/app"
        original.workspaceLocation = "src/app/web"
        let decoded = try WorkspaceConfiguration.decodeStored(original.jsonText(), workspaceID: "w1")
        #expect(decoded.image == original.image)
        #expect(decoded.tasks == original.tasks)
        #expect(decoded.env == original.env)
        #expect(decoded.checkoutLocation == "src/app")
        #expect(decoded.workspaceLocation == "src/app/web")

        let supervisor = decoded.supervisorConfiguration(environment: ["GITPOD_WORKSPACE_ID": "w1"])
        #expect(
            supervisor.tasks == [
                TaskConfiguration(name: "build", before: "echo before", init: "make", command: "make run"),
                TaskConfiguration(command: "npm start", env: ["PORT": "3000"]),
            ])
        #expect(supervisor.env == ["GITPOD_WORKSPACE_ID": "w1"])
        #expect(supervisor.workspaceRoot == "/workspace")
    }

    @Test func theSupervisorLearnsThePortsAndWhereTheIDEOpens() throws {
        var original = WorkspaceConfiguration()
        var web = PortConfiguration(.single(3000))
        web.name = "web"
        web.description = "The app"
        web.onOpen = .openPreview
        web.visibility = .public
        var hidden = PortConfiguration(.range(9000...9010))
        hidden.onOpen = .ignoreCompletely
        original.ports = [web, hidden]
        let decoded = try WorkspaceConfiguration.decodeStored(original.jsonText(), workspaceID: "w1")
        let supervisor = decoded.supervisorConfiguration(environment: [:], workspaceLocation: "repo/web")
        #expect(
            supervisor.ports == [
                SupervisorPortConfiguration(
                    port: 3000, name: "web", description: "The app", onOpen: .openPreview, visibility: "public"),
                SupervisorPortConfiguration(range: 9000...9010, onOpen: .ignoreCompletely),
            ])
        #expect(supervisor.workspaceLocation == "repo/web")
        // What the server writes is what the supervisor reads.
        let data = try JSONEncoder().encode(supervisor)
        #expect(try JSONDecoder().decode(SupervisorConfiguration.self, from: data) == supervisor)
        #expect(supervisor.portConfiguration(for: 9005)?.onOpen == .ignoreCompletely)
        #expect(supervisor.portConfiguration(for: 9011) == nil)
    }

    @Test func anEmptyObjectIsTheDefaultConfiguration() throws {
        #expect(try WorkspaceConfiguration.decodeStored("{}", workspaceID: "w1") == WorkspaceConfiguration())
        var named = WorkspaceConfiguration()
        named.image = .name("swiftpod/workspace-base:latest")
        #expect(try WorkspaceConfiguration.decodeStored(named.jsonText(), workspaceID: "w1") == named)
    }

    @Test(arguments: [
        ("[]", "not a JSON object"), ("{", "not a JSON object"), (#"{"image": 3}"#, "image is not an object"),
        (#"{"image": {}}"#, "image needs"), (#"{"tasks": {}}"#, "tasks is not a list"),
        (#"{"tasks": [{"init": 1}]}"#, "tasks[0].init is not text"),
        (#"{"tasks": [{"env": {"A": 1}}]}"#, "tasks[0].env"), (#"{"env": []}"#, "env is not an object"),
        (#"{"checkoutLocation": 1}"#, "checkoutLocation"), (#"{"workspaceLocation": {}}"#, "workspaceLocation"),
    ])
    func aBrokenStoredConfigurationIsNamed(_ text: String, _ expected: String) {
        #expect {
            try WorkspaceConfiguration.decodeStored(text, workspaceID: "w7")
        } throws: { error in
            let error = error as? WorkspaceManagerError
            return error?.code == .invalidConfiguration && error?.message.contains("workspace w7") == true
                && error?.message.contains(expected) == true
        }
    }

    @Test(arguments: [
        ("http://localhost:8080", "http://w1.localhost:8080"),
        ("https://pod.example.com", "https://w1.pod.example.com"),
        ("https://pod.example.com/base/", "https://w1.pod.example.com"), ("not a url", "not a url"),
    ])
    func theWorkspaceURLPutsTheIDBeforeTheHost(_ publicURL: String, _ expected: String) {
        #expect(WorkspaceManager.workspaceURL(publicURL: publicURL, workspaceID: "w1") == expected)
    }

    @Test(arguments: [
        ("https://github.com/gitpod-io/spring-petclinic.git", nil, "spring-petclinic"),
        ("https://gitlab.com/group/sub/project", nil, "project"), ("git@github.com:owner/repo.git", nil, "repo"),
        ("https://example.com/r.git", "elsewhere/app", "elsewhere/app"),
        ("https://example.com/r.git", "../../etc", "etc"), ("https://example.com/r.git", "/", "r"),
        ("https://example.com/", nil, "example.com"), (".git", nil, "repository"),
    ])
    func theCheckoutLocationIsTheConfiguredOneOrTheRepositorysName(
        _ cloneURL: String, _ configured: String?, _ expected: String
    ) {
        var configuration = WorkspaceConfiguration()
        configuration.checkoutLocation = configured
        #expect(WorkspaceManager.checkoutLocation(configuration: configuration, cloneURL: cloneURL) == expected)
    }
}
