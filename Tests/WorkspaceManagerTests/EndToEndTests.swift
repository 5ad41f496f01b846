import Content
import ContextURL
import Foundation
import HTTP
import HTTPClient
import ImageBuilder
import Store
import TestSupport
import Testing
import WorkspaceConfig
import WorkspaceManager

/// A workspace from a context URL of a real git repository served over HTTP, through the real parts: the creator reads its
/// `.gitpod.yml` at the resolved commit, the manager starts it with a checkout from the bare mirror (and an image
/// built from its Dockerfile), its task serves a port reached through the supervisor's tunnel, and a stop and start
/// bring the files back without running `init` again.
@Suite(.serialized) struct EndToEndTests {
    @Test func aRepositoryWithATaskAndAPortRunsStopsAndComesBack() async throws {
        try await ManagerFixture.with(prefix: "end-to-end") { fixture in
            let repository = try await LocalRepository(
                name: "repository",
                files: [
                    ".gitpod.yml": """
                    tasks:
                      - name: server
                        init: echo init-ran >> init.log
                        command: python3 -m http.server 8123 --bind 127.0.0.1
                    ports:
                      - port: 8123
                        onOpen: ignore
                    """,
                    "index.html": "hello from the repository\n",
                ])
            // Served over HTTP on loopback (git's dumb protocol), as a remote repository would be.
            try await LocalRepository.git(["-C", repository.bare, "update-server-info"])
            let server = try await StaticHTTPServer(serving: repository.scratch.path)
            defer { Task { await server.stop() } }
            let (manager, creator) = try fixture.realParts()
            try await fixture.createUser()
            let contextURL = "http://127.0.0.1:\(server.port)/repository.git"
            let created = try await creator.create(contextURL: contextURL, ownerID: "u1")
            let workspace = created.workspace
            #expect(workspace.cloneURL == contextURL)
            #expect(workspace.commit == repository.head)
            #expect(workspace.refType == .default)
            let stored = try WorkspaceConfiguration(jsonText: workspace.configuration)
            #expect(stored.tasks.first?.initialization == "echo init-ran >> init.log")
            #expect(stored.ports.first?.onOpen == .ignore)

            let running = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: workspace.id)
            }
            #expect(running.phase == .running, "\(fixture.logText)")
            #expect(running.contentSource == .git)
            let directory = manager.directory(workspaceID: workspace.id)
            let checkout = directory.content + "/repository"
            #expect(
                try String(contentsOfFile: checkout + "/index.html", encoding: .utf8) == "hello from the repository\n")
            let owner = try FileManager.default.attributesOfItem(atPath: checkout + "/index.html")[.ownerAccountID]
            #expect((owner as? NSNumber)?.intValue == (running.hostIDOffset ?? 0) + 33333)
            let body = try await get("/index.html", port: 8123, socket: directory.socketPath)
            #expect(body == "hello from the repository\n")
            try await waitForFile(checkout + "/init.log", containing: "init-ran")

            _ = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.stop(workspaceID: workspace.id)
            }
            let again = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: workspace.id)
            }
            #expect(again.contentSource == .backup)
            #expect(try String(contentsOfFile: checkout + "/init.log", encoding: .utf8) == "init-ran\n")
            let origin = try await LocalRepository.git(
                ["-c", "safe.directory=*", "-C", checkout, "remote", "get-url", "origin"])
            #expect(origin == contextURL + "\n")
            #expect(
                try await get("/index.html", port: 8123, socket: directory.socketPath) == "hello from the repository\n")
            _ = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.stop(workspaceID: workspace.id)
            }
            await manager.shutdown()
        }
    }

    @Test func aDockerfileInTheRepositoryIsBuiltAndTheBuildIsAPhase() async throws {
        try await ManagerFixture.with(prefix: "end-to-end-image") { fixture in
            let marker = UUID().uuidString
            let repository = try await LocalRepository(
                name: "repository",
                files: [
                    ".gitpod.yml": "image:\n  file: .gitpod/Dockerfile\ntasks:\n  - command: cat /image-marker\n",
                    ".gitpod/Dockerfile": """
                    FROM \(BaseImageBootstrap.reference)
                    USER root
                    RUN echo \(marker) > /image-marker
                    USER gitpod
                    """,
                ])
            let (manager, creator) = try fixture.realParts()
            try await fixture.createUser()
            let workspace = try await creator.create(contextURL: "file://\(repository.bare)", ownerID: "u1").workspace
            let running = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: workspace.id)
            }
            #expect(running.phase == .running, "\(fixture.logText)")
            #expect(running.phaseTimes[.building] != nil)
            #expect(running.imageRef?.hasPrefix(ImageResolver.builtRepository) == true)
            let containerID = try #require(running.containerID)
            #expect(try await fixture.execute(containerID, "cat /image-marker") == "\(marker)\n")
            _ = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.stop(workspaceID: workspace.id)
            }
            await manager.shutdown()
            if let image = running.imageRef { try? await fixture.client.removeImage(image) }
        }
    }

    @Test func badContextURLsAndConfigurationsAreRefusedBeforeAnythingStarts() async throws {
        try await ManagerFixture.with(prefix: "end-to-end-refusals") { fixture in
            let (_, creator) = try fixture.realParts()
            try await fixture.createUser()
            let invalid = try await LocalRepository(
                name: "repository", files: [".gitpod.yml": "tasks:\n  - comand: typo\n"])
            let error = await #expect(throws: WorkspaceConfigError.self) {
                _ = try await creator.create(contextURL: "file://\(invalid.bare)", ownerID: "u1")
            }
            #expect(error?.description.contains(".gitpod.yml:2:") == true, "\(error?.description ?? "")")
            await #expect(throws: ContextURLError.self) {
                _ = try await creator.create(contextURL: "ext::sh -c touch% /tmp/pwned", ownerID: "u1")
            }
            await #expect(throws: (any Error).self) {
                _ = try await creator.create(contextURL: "file://\(invalid.bare)/tree/no-such-branch", ownerID: "u1")
            }
            #expect(try await fixture.store.workspaces(ownerID: "u1", includeDeleted: true).isEmpty)
        }
    }

    /// GET `path` from port `port` inside the workspace, through the supervisor's CONNECT tunnel.
    private func get(_ path: String, port: Int, socket: String) async throws -> String {
        let client = HTTPClient()
        defer { client.closeIdleConnections() }
        return try await withTimeout(.seconds(60)) {
            while true {
                if let (head, body) = try? await client.send(
                    HTTPClientRequest(
                        endpoint: .tunnel(unixPath: socket, target: "127.0.0.1:\(port)"), method: .get, target: path,
                        headers: ["Host": "workspace"])),
                    head.status == .ok
                {
                    return String(decoding: body.readableView, as: UTF8.self)
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func waitForFile(_ path: String, containing text: String) async throws {
        try await withTimeout(.seconds(60)) {
            while (try? String(contentsOfFile: path, encoding: .utf8))?.contains(text) != true {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}

extension ManagerFixture {
    /// A manager with the real checkout and image resolution, and a creator over the same mirror cache.
    func realParts() throws -> (WorkspaceManager, WorkspaceCreator) {
        let cache = RepositoryCache(
            dataDirectory: dataDirectory, git: try GitCLI(), allowsLocalRepositories: true)
        let images = RepositoryImageResolver(
            resolver: ImageResolver(client: client, dataDirectory: dataDirectory, logger: .disabled), cache: cache,
            scratchDirectory: dataDirectory + "/tmp")
        let manager = manager(initializer: GitContentInitializer(cache: cache), imageResolver: images)
        let creator = WorkspaceCreator(
            store: store, cache: cache, parser: ContextURLParser(allowLocalRepositories: true),
            refLister: GitLsRemote(allowLocalRepositories: true))
        return (manager, creator)
    }

    /// The user `u1`, who owns the workspaces of these tests.
    func createUser() async throws {
        try await store.createUser(
            User(id: "u1", username: "ada", displayName: "Ada", email: "ada@example.com", createdAt: clock.now))
    }
}
