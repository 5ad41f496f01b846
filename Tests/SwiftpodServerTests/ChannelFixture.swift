import Basics
import Content
import ContextURL
import Foundation
import HTTP
import HTTPClient
import RESTAPI
import Store
import SwiftpodServer
import Synchronization
import TestSupport
import WorkspaceConfig
import WorkspaceManager

/// Workspaces' server channels over a real store in a temporary directory, the real manager and API, and a
/// runtime faked at its protocol (the channel never needs a container): Ada's running workspace `w1` of
/// `ada/project`, and Bob's stopped `w2` of `bob/tools`.
struct ChannelFixture: Sendable {
    let directory: TemporaryDirectory
    let store: SQLiteStore
    let runtime: ChannelTestRuntime
    let manager: WorkspaceManager
    let api: WorkspaceAPI
    let channels: WorkspaceServerChannels
    let client = HTTPClient()

    /// An answer, its body as text and JSON.
    struct Answer: Sendable {
        var status: Int
        var body: String

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        var errorMessage: String? {
            (json["error"] as? [String: Any])?["message"] as? String
        }
    }

    static func with(_ body: @Sendable (ChannelFixture) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "channel")
        let store = try await SQLiteStore.open(path: directory.path + "/swiftpod.db")
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        for (id, name) in [("u1", "ada"), ("u2", "bob")] {
            try await store.createUser(
                User(id: id, username: name, displayName: name, email: "\(name)@example.com", createdAt: now))
        }
        try await store.createWorkspace(
            Workspace(
                id: "w1", ownerID: "u1", contextURL: "https://github.com/ada/project",
                cloneURL: "https://github.com/ada/project.git", commit: "abc", createdAt: now))
        try await store.createWorkspace(
            Workspace(
                id: "w2", ownerID: "u2", contextURL: "https://github.com/bob/tools",
                cloneURL: "https://github.com/bob/tools.git", commit: "def", createdAt: now))
        try await store.createInstance(
            WorkspaceInstance(
                id: "i1", workspaceID: "w1", phase: .running, containerID: "c1", createdAt: now,
                hostIDOffset: 265_536))
        let runtime = ChannelTestRuntime(containers: [
            WorkspaceContainer(id: "c1", workspaceID: "w1", instanceID: "i1", running: true)
        ])
        let manager = WorkspaceManager(
            store: store, contentStore: LocalContentStore(root: directory.path + "/content"), runtime: runtime,
            imageResolver: NoImageResolver(), contentInitializer: NoContentInitializer(),
            configuration: WorkspaceManagerConfiguration(dataDirectory: directory.path), logger: .disabled)
        let creator = WorkspaceCreator(
            store: store, cache: RepositoryCache(dataDirectory: directory.path, git: try GitCLI()),
            parser: ContextURLParser(), refLister: GitLsRemote())
        let api = try WorkspaceAPI(
            WorkspaceAPIDependencies(
                store: store, manager: manager, creator: creator, publicURL: "http://localhost:8080"))
        let channels = WorkspaceServerChannels(
            dependencies: WorkspaceChannelDependencies(
                store: store, api: api, defaultInactivityTimeout: .seconds(1800)),
            logger: .disabled)
        await manager.attach(channelHost: channels)
        let fixture = ChannelFixture(
            directory: directory, store: store, runtime: runtime, manager: manager, api: api, channels: channels)
        for id in ["w1", "w2"] {
            let directory = manager.directory(workspaceID: id)
            try FileManager.default.createDirectory(atPath: directory.run, withIntermediateDirectories: true)
            try await channels.openChannel(workspaceID: id, directory: directory)
        }
        do {
            try await body(fixture)
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }

    func close() async {
        await api.shutdown()
        await channels.closeAll()
        await manager.shutdown()
        await store.close()
    }

    func socket(_ workspaceID: String) -> String {
        manager.directory(workspaceID: workspaceID).serverSocketPath
    }

    /// Sends a request on the channel of `workspaceID`, with `json` as its body.
    func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, to workspaceID: String = "w1"
    ) async throws -> Answer {
        var headers: HTTPHeaders = ["Host": "swiftpod-server", "Connection": "close"]
        if json != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPClientRequest(
            endpoint: .unix(path: socket(workspaceID)), method: method, target: path, headers: headers,
            body: json.map { .bytes(ByteBuffer(string: $0)) } ?? .empty)
        let (head, body) = try await client.send(request, deadline: .now + TestTimeout.loopback)
        return Answer(status: Int(head.status.code), body: String(decoding: body.readableView, as: UTF8.self))
    }

    /// The variables of `userID` as `name=value@pattern`, sorted.
    func variables(of userID: String) async throws -> [String] {
        try await store.environmentVariables(userID: userID).map { "\($0.name)=\($0.value)@\($0.repositoryPattern)" }
            .sorted()
    }

    func addVariable(_ name: String, _ value: String, pattern: String, userID: String = "u1") async throws {
        try await store.createEnvironmentVariable(
            EnvironmentVariable(
                id: UUID().uuidString, userID: userID, name: name, value: value, repositoryPattern: pattern))
    }
}

/// Containers in memory; stopping and removing them always works, creating one never does.
final class ChannelTestRuntime: WorkspaceRuntime {
    private let state: Mutex<[WorkspaceContainer]>

    init(containers: [WorkspaceContainer]) {
        state = Mutex(containers)
    }

    func createContainer(_ request: WorkspaceContainerRequest) async throws -> String {
        throw WorkspaceManagerError(code: .runtimeFailure, message: "this runtime creates no containers")
    }
    func startContainer(id: String) async throws {}
    func stopContainer(id: String) async throws {
        state.withLock { containers in
            containers = containers.map {
                $0.id == id
                    ? WorkspaceContainer(id: id, workspaceID: $0.workspaceID, instanceID: $0.instanceID, running: false)
                    : $0
            }
        }
    }
    func removeContainer(id: String) async throws {
        state.withLock { $0.removeAll { $0.id == id } }
    }
    func container(id: String) async throws -> WorkspaceContainer? {
        state.withLock { $0.first { $0.id == id } }
    }
    func containers() async throws -> [WorkspaceContainer] {
        state.withLock { $0 }
    }
    func waitUntilReady(containerID id: String, directory: WorkspaceDirectory, timeout: Duration) async throws {}
    func lastActivity(directory: WorkspaceDirectory) async throws -> Date { Date() }
}

struct NoImageResolver: WorkspaceImageResolver {
    func resolve(
        configuration: WorkspaceConfiguration, repository: WorkspaceRepository, log: ImageBuildLog
    ) async throws -> String {
        throw WorkspaceManagerError(code: .runtimeFailure, message: "no images in this test")
    }
}

struct NoContentInitializer: WorkspaceContentInitializer {
    func checkout(workspace: Workspace, into directory: String, owner: FileOwner) async throws -> String {
        throw WorkspaceManagerError(code: .runtimeFailure, message: "no checkouts in this test")
    }
}
