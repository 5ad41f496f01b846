import Basics
import Content
import Foundation
import HTTP
import ImageBuilder
import RESTAPI
import Store
import TestSupport
import Testing
import WorkspaceManager

/// The routes that need no running workspace, against the real store, auth middleware, git and creator, with a
/// manager whose starts fail while preparing (no engine): the OpenAPI document, bad input, a failed start, the 404
/// of another user's workspace, and stored port visibility.
@Suite struct WorkspaceRoutesTests {
    /// Runs `body` with a server over a fresh data directory.
    private func withServer(_ body: @Sendable (APIServer, SQLiteStore, String) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "rest-api")
        let store = try await SQLiteStore.open(path: directory.path + "/swiftpod.db")
        let cache = RepositoryCache(dataDirectory: directory.path, git: try GitCLI(), allowsLocalRepositories: true)
        let manager = WorkspaceManager(
            store: store, contentStore: LocalContentStore(root: directory.path + "/content"),
            runtime: NoEngineRuntime(), imageResolver: RefusingImageResolver(),
            contentInitializer: GitContentInitializer(cache: cache),
            configuration: WorkspaceManagerConfiguration(dataDirectory: directory.path), logger: .disabled)
        let server = try await APIServer.start(
            store: store, manager: manager, creator: localCreator(store: store, cache: cache),
            publicURL: "http://swiftpod.test:8080")
        do {
            try await body(server, store, directory.path)
        } catch {
            await server.stop()
            await store.close()
            throw error
        }
        await server.stop()
        await manager.shutdown()
        await store.close()
    }

    @Test func theOpenAPIDocumentListsExactlyTheRegisteredRoutes() async throws {
        try await withServer { server, _, _ in
            let response = try await server.send(.get, "/api/v1/openapi.json", token: nil)
            #expect(response.status == 200)
            let document = response.object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let registered = Set(
                server.routes.map { route in
                    let path = route.pattern.split(separator: "/", omittingEmptySubsequences: false).map {
                        $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                    }.joined(separator: "/")
                    return "\(route.method.rawValue) \(path)"
                })
            #expect(registered.count == server.routes.count, "a route is registered twice")
            #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented))")
            // The server serves the rest of the document itself; its tests check those routes.
            let servedByServer = Set(ServerRoute.all.map { "\($0.method.rawValue) \($0.openAPIPath)" })
            let notServed = documented.subtracting(registered).subtracting(servedByServer)
            #expect(notServed.isEmpty, "not served: \(notServed)")
            #expect(registered.contains("PUT /api/v1/workspaces/{id}/ports/{port}"))
            #expect(registered.count == 13)

            // Each documented route reaches its handler: an unknown workspace, not an unknown route.
            for entry in documented.subtracting(servedByServer) where entry.contains("{id}") {
                let parts = entry.split(separator: " ")
                let method = HTTPMethod(rawValue: String(parts[0]))
                let path = parts[1].replacingOccurrences(of: "{id}", with: "nosuchworkspace")
                    .replacingOccurrences(of: "{port}", with: "3000")
                let answer = try await server.send(method, path, token: server.adaToken, body: "{}")
                #expect(answer.status == 404, "\(entry): \(answer.body)")
                #expect(answer.errorMessage == "there is no workspace 'nosuchworkspace'", "\(entry)")
            }
        }
    }

    @Test func badInputGetsTheErrorEnvelopeWithAClearMessage() async throws {
        try await withServer { server, _, _ in
            let token = server.adaToken
            let missing = try await server.send(.post, "/api/v1/workspaces", token: token, body: #"{"image":"x"}"#)
            #expect(missing.status == 400)
            #expect(missing.errorCode == "bad_request")
            #expect(missing.errorMessage?.contains("missing field 'contextURL'") == true, "\(missing.body)")

            let broken = try await server.send(.post, "/api/v1/workspaces", token: token, body: #"{"contextURL": "#)
            #expect(broken.status == 400)
            #expect(broken.errorMessage?.hasPrefix("invalid JSON body") == true, "\(broken.body)")

            let wrongType = try await server.send(
                .post, "/api/v1/workspaces", token: token, body: #"{"contextURL": 42}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.errorMessage?.contains("'contextURL'") == true, "\(wrongType.body)")

            let empty = try await server.send(.post, "/api/v1/workspaces", token: token, body: #"{"contextURL":" "}"#)
            #expect(empty.errorMessage == "'contextURL' must not be empty")

            let hostile = try await server.send(
                .post, "/api/v1/workspaces", token: token, body: #"{"contextURL":"ext::sh -c touch% /tmp/pwned"}"#)
            #expect(hostile.status == 400)
            #expect(hostile.errorMessage?.hasPrefix("cannot open 'ext::sh -c touch% /tmp/pwned'") == true)

            let badEnv = try await server.send(
                .post, "/api/v1/workspaces", token: token,
                body: #"{"contextURL":"https://github.com/a/b","env":{"1BAD":"x"}}"#)
            #expect(badEnv.status == 400)
            #expect(badEnv.errorMessage?.contains("'1BAD' is not an environment variable name") == true)

            let badPhase = try await server.send(.get, "/api/v1/workspaces?phase=sleeping", token: token)
            #expect(badPhase.status == 400)
            #expect(badPhase.errorMessage?.hasPrefix("unknown phase 'sleeping'") == true)

            let badRepository = try await server.send(.get, "/api/v1/workspaces?repository=just-a-name", token: token)
            #expect(badRepository.errorMessage == "'repository' must read owner/repo, not 'just-a-name'")

            let anonymous = try await server.send(.get, "/api/v1/workspaces", token: nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "unauthenticated")

            let unknown = try await server.send(.get, "/api/v1/workspaces/nope", token: token)
            #expect(unknown.status == 404)
            #expect(unknown.errorMessage == "there is no workspace 'nope'")
            #expect(try await server.send(.get, "/api/v1/workspaces", token: token).body == "[]")
        }
    }

    @Test func aNewWorkspaceTakesItsOwnersDefaultInactivityTimeout() async throws {
        try await withServer { server, store, _ in
            let repository = try await LocalRepository(files: ["README": "hello\n"])
            let body = #"{"contextURL":"\#(repository.contextURL)"}"#
            let before = try await server.send(.post, "/api/v1/workspaces", token: server.adaToken, body: body)
            let beforeID = try #require(before.object["id"] as? String)
            #expect(try await store.workspace(id: beforeID).inactivityTimeout == nil)

            try await store.setDefaultInactivityTimeout(userID: "u-ada", to: .seconds(5400))
            let after = try await server.send(.post, "/api/v1/workspaces", token: server.adaToken, body: body)
            let afterID = try #require(after.object["id"] as? String)
            #expect(try await store.workspace(id: afterID).inactivityTimeout == .seconds(5400))
            // Another user's workspaces keep the server's default.
            let bobs = try await server.send(.post, "/api/v1/workspaces", token: server.bobToken, body: body)
            #expect(try await store.workspace(id: try #require(bobs.object["id"] as? String)).inactivityTimeout == nil)
        }
    }

    @Test func aFailedStartEndsFailedWithItsReasonAndOnlyTheOwnerSeesTheWorkspace() async throws {
        try await withServer { server, store, _ in
            let repository = try await LocalRepository(files: [
                ".gitpod.yml": "ports:\n  - port: 3000\n    visibility: public\n  - port: 3001\n"
            ])
            let created = try await server.send(
                .post, "/api/v1/workspaces", token: server.adaToken,
                body: #"{"contextURL":"\#(repository.contextURL)","env":{"GREETING":"hello"},"image":"debian:12"}"#)
            #expect(created.status == 201, "\(created.body)")
            let workspace = created.object
            let id = try #require(workspace["id"] as? String)
            #expect(workspace["contextURL"] as? String == repository.contextURL)
            #expect(workspace["ideURL"] as? String == "http://\(id).swiftpod.test:8080")
            let cloneRepository = try #require(workspace["repository"] as? [String: Any])
            #expect(cloneRepository["commit"] as? String == repository.head)
            #expect(workspace.keys.contains("failure") && workspace.keys.contains("contentSource"))
            let stored = try await store.workspace(id: id)
            #expect(stored.environmentVariables.contains(#""GREETING":"hello""#))
            #expect(stored.configuration.contains("debian:12"))

            // The start runs in the background, and fails while preparing: no image in this test.
            let events = try await server.events(
                "/api/v1/workspaces/\(id)/events", token: server.adaToken, timeout: .seconds(60)
            ) { $0["phase"] as? String == "failed" }
            let failed = try #require(events.last)
            #expect((failed["failure"] as? String)?.contains(RefusingImageResolver.message) == true, "\(failed)")
            #expect((failed["phaseTimes"] as? [String: String])?["failed"] != nil)

            let ports = try await server.send(.get, "/api/v1/workspaces/\(id)/ports", token: server.adaToken).array
            #expect(ports.map { $0["port"] as? Int } == [3000, 3001])
            #expect(ports.map { $0["visibility"] as? String } == ["public", "private"])
            #expect(ports.map { $0["state"] as? String } == ["closed", "closed"])
            #expect(ports.first?["url"] as? String == "http://3000-\(id).swiftpod.test:8080")

            let changed = try await server.send(
                .put, "/api/v1/workspaces/\(id)/ports/3001", token: server.adaToken, body: #"{"visibility":"public"}"#)
            #expect(changed.status == 200, "\(changed.body)")
            #expect(changed.object["visibility"] as? String == "public")
            #expect(try await store.portVisibility(workspaceID: id, port: 3001) == "public")
            let badVisibility = try await server.send(
                .put, "/api/v1/workspaces/\(id)/ports/3001", token: server.adaToken, body: #"{"visibility":"open"}"#)
            #expect(badVisibility.errorMessage == "'open' is not a visibility: use public or private")
            let badPort = try await server.send(
                .put, "/api/v1/workspaces/\(id)/ports/70000", token: server.adaToken, body: #"{"visibility":"public"}"#)
            #expect(badPort.errorMessage == "'70000' is not a port: use a number from 1 to 65535")

            let listed = try await server.send(.get, "/api/v1/workspaces?phase=failed", token: server.adaToken).array
            #expect(listed.map { $0["id"] as? String } == [id])
            #expect(
                try await server.send(.get, "/api/v1/workspaces?phase=running", token: server.adaToken).array.isEmpty)
            let byRepository = try await server.send(
                .get, "/api/v1/workspaces?repository=api-repository-x/project", token: server.adaToken)
            #expect(byRepository.array.isEmpty)
            let repositoryName = try #require(
                URL(fileURLWithPath: repository.bare).deletingLastPathComponent().lastPathComponent.lowercased()
                    as String?)
            let matching = try await server.send(
                .get, "/api/v1/workspaces?repository=\(repositoryName)/project", token: server.adaToken)
            #expect(matching.array.map { $0["id"] as? String } == [id])

            // Bob sees none of it.
            #expect(try await server.send(.get, "/api/v1/workspaces", token: server.bobToken).body == "[]")
            let routes: [(HTTPMethod, String, String?)] = [
                (.get, "", nil), (.post, "/start", nil), (.post, "/stop", nil), (.get, "/events", nil),
                (.get, "/logs", nil), (.post, "/exec", #"{"command":["true"]}"#), (.get, "/ports", nil),
                (.put, "/ports/3000", #"{"visibility":"private"}"#), (.delete, "", nil),
            ]
            for (method, suffix, body) in routes {
                let answer = try await server.send(
                    method, "/api/v1/workspaces/\(id)\(suffix)", token: server.bobToken, body: body)
                #expect(answer.status == 404, "\(method) \(suffix): \(answer.body)")
                #expect(answer.errorMessage == "there is no workspace '\(id)'")
            }
            #expect(try await store.portVisibility(workspaceID: id, port: 3000) == nil)

            let exec = try await server.send(
                .post, "/api/v1/workspaces/\(id)/exec", token: server.adaToken, body: #"{"command":["true"]}"#)
            #expect(exec.status == 409)
            #expect(exec.errorMessage == "workspace \(id) is failed; it must be running")
            let emptyCommand = try await server.send(
                .post, "/api/v1/workspaces/\(id)/exec", token: server.adaToken, body: #"{"command":[]}"#)
            #expect(emptyCommand.status == 400)
            let stop = try await server.send(.post, "/api/v1/workspaces/\(id)/stop", token: server.adaToken)
            #expect(stop.status == 409)
            #expect(stop.errorMessage == "workspace \(id) is not running")

            let deleted = try await server.send(.delete, "/api/v1/workspaces/\(id)", token: server.adaToken)
            #expect(deleted.status == 204, "\(deleted.body)")
            #expect(try await server.send(.get, "/api/v1/workspaces/\(id)", token: server.adaToken).status == 404)
        }
    }

    @Test func theLogsBeginWithTheImageBuildLog() async throws {
        try await withServer { server, store, dataDirectory in
            let tag = "0123456789abcdef0123456789abcdef"
            try FileManager.default.createDirectory(
                atPath: dataDirectory + "/logs/images", withIntermediateDirectories: true)
            try "STEP 1/2: FROM base\nSTEP 2/2: RUN make\n".write(
                toFile: dataDirectory + "/logs/images/\(tag).log", atomically: false, encoding: .utf8)
            try await store.createWorkspace(
                Workspace(
                    id: "wbuilt", ownerID: "u-ada", contextURL: "https://example.com/a/b",
                    cloneURL: "https://example.com/a/b.git", commit: "abc", createdAt: Date()))
            let instance = WorkspaceInstance(
                id: "ibuilt", workspaceID: "wbuilt", phase: .stopped,
                imageRef: "\(ImageResolver.builtRepository):\(tag)",
                createdAt: Date())
            try await store.createInstance(instance)
            let logs = try await server.send(.get, "/api/v1/workspaces/wbuilt/logs", token: server.adaToken)
            #expect(logs.status == 200)
            #expect(logs.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(logs.body == "== image build ==\nSTEP 1/2: FROM base\nSTEP 2/2: RUN make\n")
            let other = try await server.send(.get, "/api/v1/workspaces/wbuilt/logs", token: server.bobToken)
            #expect(other.status == 404)
        }
    }
}
