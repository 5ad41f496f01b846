import Foundation
import HTTP
import HTTPClient
import Store
import SwiftpodServer
import TestSupport
import Testing

/// The workspace routes and the workspace proxy as the server wires them, without an engine.
@Suite struct WorkspaceWiringTests {
    @Test func workspaceRoutesAnswer503UntilTheEngineIsReady() async throws {
        try await ServerFixture.with { fixture in
            let user = try await fixture.createUser("ada")
            let token = try await fixture.token(for: user)
            for path in ["/api/v1/workspaces", "/api/v1/workspaces/abc", "/api/v1/openapi.json"] {
                let answer = try await fixture.send(.get, path, token: token)
                #expect(answer.status == 503, "\(path): \(answer.body)")
            }
            // Without credentials the authentication middleware answers first.
            #expect(try await fixture.send(.get, "/api/v1/workspaces").status == 401)
        }
    }

    @Test func workspaceHostsGoToTheProxy() async throws {
        try await ServerFixture.with { fixture in
            let user = try await fixture.createUser("ada")
            let token = try await fixture.token(for: user)
            try await fixture.services.store.createWorkspace(
                Workspace(
                    id: "wsabc123", ownerID: user.id, contextURL: "https://example.com/ada/project",
                    cloneURL: "https://example.com/ada/project.git", commit: "abc", createdAt: Date()))
            // An unknown workspace, then a known one that is not running, then a port of it.
            let unknown = try await send(fixture, host: "nosuchws.localhost:8080", token: token)
            #expect(unknown.status == 404)
            let stopped = try await send(fixture, host: "wsabc123.localhost:8080", token: token)
            #expect(stopped.status == 404)
            #expect(stopped.body.contains("not running"), "\(stopped.body)")
            let anonymous = try await send(fixture, host: "3000-wsabc123.localhost:8080", token: nil)
            #expect(anonymous.status == 401 || anonymous.status == 404, "\(anonymous.body)")
            // The dashboard host still reaches the API.
            let health = try await send(fixture, host: "localhost:8080", path: "/api/v1/health", token: nil)
            #expect(health.status == 200)
        }
    }

    private func send(
        _ fixture: ServerFixture, host: String, path: String = "/", token: String?
    ) async throws -> (status: Int, body: String) {
        var headers: HTTPHeaders = ["Host": host, "Connection": "close", "Accept": "application/json"]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        let request = try HTTPClientRequest(url: fixture.running.url + path, method: .get, headers: headers)
        let (head, body) = try await fixture.client.send(request, deadline: .now + TestTimeout.loopback)
        return (Int(head.status.code), String(decoding: body.readableView, as: UTF8.self))
    }
}
