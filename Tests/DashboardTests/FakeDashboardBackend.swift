import Auth
import Dashboard
import Foundation
import HTTP
import HTTPServer
import Store
import Synchronization

import struct SwiftpodClient.Workspace
import struct SwiftpodClient.WorkspacePort

/// A backend with fixed records: a request is signed in when its `Cookie` names one of `sessions`.
final class FakeDashboardBackend: DashboardBackend {
    struct State {
        var workspaces: [DashboardWorkspace] = []
        var variables: [EnvironmentVariable] = []
        var tokens: [AccessToken] = []
        var users: [User] = []
        var settings = DashboardTimeoutSettings(chosen: nil, serverDefault: "30m", minimum: "1m", maximum: "24h")
        /// What `workspaces` throws, as the API does while the engine starts.
        var listError: HTTPError?
        var created: [(contextURL: String, image: String?)] = []
    }

    let state = Mutex(State())
    let sessions: [String: Principal]

    init(sessions: [String: Principal]) {
        self.sessions = sessions
    }

    func principal(of request: HTTPRequest) async -> Principal? {
        request.headers["Cookie"].flatMap { sessions[$0] }
    }

    func workspaces(for principal: Principal) async throws -> [DashboardWorkspace] {
        try state.withLock { state in
            if let error = state.listError { throw error }
            return state.workspaces
        }
    }

    func workspace(id: String, for principal: Principal) async throws -> DashboardWorkspace {
        guard let workspace = state.withLock({ $0.workspaces.first { $0.id == id } }) else {
            throw HTTPError.notFound("workspace \(id) not found")
        }
        return workspace
    }

    func createWorkspace(
        contextURL: String, image: String?, for principal: Principal
    ) async throws
        -> DashboardWorkspace
    {
        state.withLock { $0.created.append((contextURL, image)) }
        guard contextURL.hasPrefix("https://") else {
            throw HTTPError.badRequest("cannot open '\(contextURL)': not a URL of a repository")
        }
        let workspace = DashboardWorkspace.sample(id: "wsnew", contextURL: contextURL, phase: "preparing")
        state.withLock { $0.workspaces.append(workspace) }
        return workspace
    }

    func environmentVariables(for principal: Principal) async throws -> [EnvironmentVariable] {
        state.withLock { $0.variables }
    }

    func accessTokens(for principal: Principal) async throws -> [AccessToken] {
        state.withLock { $0.tokens }
    }

    func users() async throws -> [User] {
        state.withLock { $0.users }
    }

    func timeoutSettings(for principal: Principal) async throws -> DashboardTimeoutSettings {
        state.withLock { $0.settings }
    }
}

extension DashboardWorkspace {
    static func sample(id: String, contextURL: String, phase: String, failure: String? = nil) -> DashboardWorkspace {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var phaseTimes = ["preparing": start]
        if phase != "preparing" { phaseTimes[phase] = start.addingTimeInterval(42) }
        return DashboardWorkspace(
            id: id, phase: phase, phaseTimes: phaseTimes, failure: failure,
            contextURL: contextURL,
            repository: Repository(cloneURL: contextURL + ".git", ref: "main", commit: "0123abcd"),
            contentSource: "git", ideURL: "http://\(id).localhost:8080", createdAt: start,
            ports: [
                WorkspacePort(port: 3000, url: "http://3000-\(id).localhost:8080", visibility: "private", state: "open")
            ])
    }
}
