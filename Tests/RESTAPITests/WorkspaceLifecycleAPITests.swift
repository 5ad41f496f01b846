import Basics
import ContainerEngine
import Content
import Foundation
import HTTP
import HTTPClient
import ImageBuilder
import RESTAPI
import Store
import TestSupport
import Testing
import WorkspaceManager

/// A workspace from a local repository through the API, over the real parts: a private Podman service, the base
/// image, git, SQLite and the supervisor. Created, followed over Server-Sent Events until it runs, its port served
/// by a task on 127.0.0.1 listed open, a visibility change stored, a command run, its logs read, stopped, started
/// again from its backup, and deleted; another user gets 404 throughout.
@Suite(.serialized) struct WorkspaceLifecycleAPITests {
    /// The longest one phase change may take: beyond the runtime's own engine deadline, as the engine shared with
    /// other test processes may make a call wait on its storage lock.
    static let operationTimeout: Duration = .seconds(300)

    @Test func aWorkspaceRunsAndIsReachedThroughTheAPI() async throws {
        let binaries = try await WorkspaceBinaries.directory()
        try await withEngine(prefix: "rest-api") { client, directory in
            _ = try await withTimeout(.seconds(1800)) {
                try await BaseImageBootstrap(client: client, dataDirectory: directory.path, logger: .disabled).run()
            }
            let store = try await SQLiteStore.open(path: directory.path + "/swiftpod.db")
            let runtime = PodmanWorkspaceRuntime(
                client: client, binariesDirectory: binaries,
                installation: URL(fileURLWithPath: directory.path).lastPathComponent, stopGracePeriod: .seconds(2))
            let cache = RepositoryCache(
                dataDirectory: directory.path, git: try GitCLI(), allowsLocalRepositories: true)
            let manager = WorkspaceManager(
                store: store, contentStore: LocalContentStore(root: directory.path + "/content"), runtime: runtime,
                imageResolver: RepositoryImageResolver(
                    resolver: ImageResolver(client: client, dataDirectory: directory.path, logger: .disabled),
                    cache: cache, scratchDirectory: directory.path + "/tmp"),
                contentInitializer: GitContentInitializer(cache: cache),
                configuration: WorkspaceManagerConfiguration(
                    dataDirectory: directory.path, limits: WorkspaceLimits(pids: 500)),
                logger: .disabled)
            let server = try await APIServer.start(
                store: store, manager: manager, creator: localCreator(store: store, cache: cache))
            do {
                try await exercise(server)
            } catch {
                await server.stop()
                for container in (try? await runtime.containers()) ?? [] {
                    try? await runtime.removeContainer(id: container.id)
                }
                await store.close()
                throw error
            }
            await server.stop()
            await manager.shutdown()
            await store.close()
        }
    }

    private func exercise(_ server: APIServer) async throws {
        let repository = try await LocalRepository(files: [
            ".gitpod.yml": """
            tasks:
              - name: server
                init: echo init-marker-$((6 * 7))
                command: python3 -m http.server 8123 --bind 127.0.0.1
            ports:
              - port: 8123
                onOpen: ignore
              - port: 9000
            """,
            "index.html": "hello from the repository\n",
        ])
        let ada = server.adaToken
        let created = try await server.send(
            .post, "/api/v1/workspaces", token: ada,
            body: #"{"contextURL":"\#(repository.contextURL)","env":{"API_VARIABLE":"from-the-api"}}"#)
        #expect(created.status == 201, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        let base = "/api/v1/workspaces/\(id)"

        // The current state first, then each phase, until running.
        let events = try await server.events("\(base)/events", token: ada, timeout: Self.operationTimeout) {
            ["running", "failed"].contains($0["phase"] as? String)
        }
        let phases = events.compactMap { $0["phase"] as? String }
        #expect(phases.last == "running", "\(events.last ?? [:])")
        let running = try #require(events.last)
        #expect(running["contentSource"] as? String == "git")
        #expect((running["repository"] as? [String: Any])?["commit"] as? String == repository.head)
        #expect(Set((running["phaseTimes"] as? [String: String] ?? [:]).keys).isSuperset(of: ["preparing", "running"]))
        #expect(running["failure"] is NSNull)

        // The stream of all of the caller's workspaces starts with each one's current state.
        let all = try await server.events("/api/v1/workspaces/events", token: ada, timeout: .seconds(30)) {
            $0["id"] as? String == id
        }
        #expect(all.last?["phase"] as? String == "running")

        let listed = try await server.send(.get, "/api/v1/workspaces?phase=running", token: ada).array
        #expect(listed.map { $0["id"] as? String } == [id])
        let got = try await server.send(.get, base, token: ada)
        #expect(got.object["phase"] as? String == "running")
        #expect(got.object["ideURL"] as? String == "http://\(id).localhost:8080")

        // The task's server comes up on 127.0.0.1 inside the workspace; the supervisor sees it listen.
        let portsResponse = try await withTimeout(.seconds(60)) {
            while true {
                let response = try await server.send(.get, "\(base)/ports", token: ada)
                if response.array.contains(where: { $0["port"] as? Int == 8123 && $0["state"] as? String == "open" }) {
                    return response
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        let ports = portsResponse.array
        #expect(ports.map { $0["port"] as? Int } == [8123, 9000])
        #expect(ports.map { $0["state"] as? String } == ["open", "closed"])
        #expect(ports.first?["url"] as? String == "http://8123-\(id).localhost:8080")
        #expect(ports.first?["visibility"] as? String == "private")
        let visibility = try await server.send(
            .put, "\(base)/ports/8123", token: ada, body: #"{"visibility":"public"}"#)
        #expect(visibility.object["visibility"] as? String == "public", "\(visibility.body)")
        let after = try await server.send(.get, "\(base)/ports", token: ada).array
        #expect(after.first?["visibility"] as? String == "public")

        // Exec: as the workspace user, in the workspace directory, with the API's variable, output and status.
        let exec = try await server.send(
            .post, "\(base)/exec", token: ada,
            body: #"{"command":["sh","-c","id -un; pwd; echo $API_VARIABLE; cat index.html; exit 3"]}"#)
        #expect(exec.status == 200, "\(exec.body)")
        #expect(exec.object["exitCode"] as? Int == 3, "\(exec.body)")
        #expect(
            exec.object["output"] as? String
                == "gitpod\n/workspace/project\nfrom-the-api\nhello from the repository\n",
            "\(exec.body)")
        let argument = try await server.send(
            .post, "\(base)/exec", token: ada, body: #"{"command":["echo","$HOME; not a shell"]}"#)
        #expect(argument.object["output"] as? String == "$HOME; not a shell\n")
        #expect(argument.object["exitCode"] as? Int == 0)
        let slow = try await server.send(
            .post, "\(base)/exec", token: ada, body: #"{"command":["sleep","30"],"timeout":1}"#)
        #expect(slow.object["timedOut"] as? Bool == true, "\(slow.body)")
        #expect(slow.object["exitCode"] is NSNull)
        let missing = try await server.send(
            .post, "\(base)/exec", token: ada, body: #"{"command":["no-such-program"]}"#)
        #expect(missing.object["exitCode"] as? Int == 127, "\(missing.body)")
        // Streamed: the output as newline-delimited JSON as it comes, then how the command ended.
        let streamed = try await server.send(
            .post, "\(base)/exec", token: ada,
            body: #"{"command":["sh","-c","echo one; sleep 0.3; echo two; exit 4"],"stream":true}"#)
        #expect(streamed.headers["Content-Type"] == "application/x-ndjson")
        let lines = streamed.body.split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
        }
        #expect(lines.compactMap { $0["output"] as? String }.joined() == "one\ntwo\n", "\(streamed.body)")
        #expect(lines.count >= 3, "\(streamed.body)")
        #expect(lines.last?["exitCode"] as? Int == 4, "\(streamed.body)")

        // Logs: the task's terminal output.
        let logs = try await withTimeout(.seconds(60)) {
            while true {
                let logs = try await server.send(.get, "\(base)/logs", token: ada)
                if logs.body.contains("init-marker-42") { return logs }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        #expect(logs.status == 200)
        #expect(logs.body.contains("== task server =="), "\(logs.body)")

        // Another user: 404 for everything.
        let routes: [(HTTPMethod, String, String?)] = [
            (.get, "", nil), (.post, "/start", nil), (.post, "/stop", nil), (.get, "/events", nil),
            (.get, "/logs", nil), (.post, "/exec", #"{"command":["true"]}"#), (.get, "/ports", nil),
            (.put, "/ports/8123", #"{"visibility":"private"}"#), (.delete, "", nil),
        ]
        for (method, suffix, body) in routes {
            let answer = try await server.send(method, base + suffix, token: server.bobToken, body: body)
            #expect(answer.status == 404, "\(method) \(suffix): \(answer.body)")
        }
        #expect(try await server.send(.get, "/api/v1/workspaces", token: server.bobToken).body == "[]")

        // Stop, then start again from the backup.
        let started = try await server.send(.post, "\(base)/start", token: ada)
        #expect(started.status == 409)
        // Following the logs streams until the workspace stops.
        let follow = try await server.client.execute(
            try HTTPClientRequest(
                url: server.running.url + "\(base)/logs?follow=1", headers: ["Authorization": "Bearer \(ada)"]))
        var followed = ""
        while !followed.contains("init-marker-42"), let part = try await follow.read(deadline: .now + .seconds(30)) {
            followed += String(decoding: part.readableView, as: UTF8.self)
        }
        #expect(followed.contains("== task server =="))
        let stop = try await server.send(.post, "\(base)/stop", token: ada)
        #expect(stop.status == 202, "\(stop.body)")
        let stopped = try await server.events("\(base)/events", token: ada, timeout: Self.operationTimeout) {
            ["stopped", "failed"].contains($0["phase"] as? String)
        }
        #expect(stopped.last?["phase"] as? String == "stopped", "\(stopped.last ?? [:])")
        // The stream ends once the workspace no longer runs.
        while try await follow.read(deadline: .now + .seconds(30)) != nil {}
        let start = try await server.send(.post, "\(base)/start", token: ada)
        #expect(start.status == 202, "\(start.body)")
        let again = try await server.events("\(base)/events", token: ada, timeout: Self.operationTimeout) {
            ["running", "failed"].contains($0["phase"] as? String)
        }
        #expect(again.last?["phase"] as? String == "running", "\(again.last ?? [:])")
        #expect(again.last?["contentSource"] as? String == "backup")

        let deleted = try await server.send(.delete, base, token: ada, timeout: Self.operationTimeout)
        #expect(deleted.status == 204, "\(deleted.body)")
        #expect(try await server.send(.get, base, token: ada).status == 404)
        #expect(try await server.send(.get, "/api/v1/workspaces", token: ada).body == "[]")
    }
}
