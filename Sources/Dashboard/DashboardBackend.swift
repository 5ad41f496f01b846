import Auth
import Foundation
import HTTPServer
import Store

import struct SwiftpodClient.Workspace
import struct SwiftpodClient.WorkspacePort

/// What the dashboard reads, supplied by the server: who is signed in, and the records the pages list. The pages
/// change nothing through it; their forms and buttons call the public API from the browser.
public protocol DashboardBackend: Sendable {
    /// The caller of a page: a browser session's user, nil without a valid session (a bearer token does not count).
    func principal(of request: HTTPRequest) async -> Principal?
    /// The caller's workspaces, as the API lists them.
    /// - Throws: `HTTPError` with a message to show, such as 503 while the container engine starts.
    func workspaces(for principal: Principal) async throws -> [DashboardWorkspace]
    /// One of the caller's workspaces, as the API answers it.
    /// - Throws: `HTTPError` 404 when the caller has no workspace `id`.
    func workspace(id: String, for principal: Principal) async throws -> DashboardWorkspace
    /// Creates a workspace as `POST /api/v1/workspaces` does, for the page's form when the browser runs no script.
    /// - Throws: `HTTPError` with the API's message, such as 400 for a context URL that cannot be opened.
    func createWorkspace(
        contextURL: String, image: String?, for principal: Principal
    ) async throws
        -> DashboardWorkspace
    func environmentVariables(for principal: Principal) async throws -> [EnvironmentVariable]
    func accessTokens(for principal: Principal) async throws -> [AccessToken]
    /// Every user; the pages ask only for an administrator.
    func users() async throws -> [User]
    /// The caller's inactivity timeout for new workspaces, and the server's default and bounds.
    func timeoutSettings(for principal: Principal) async throws -> DashboardTimeoutSettings
}

/// A workspace as `GET /api/v1/workspaces/:id` answers it: the API client's own model of it.
public typealias DashboardWorkspace = SwiftpodClient.Workspace

extension DashboardWorkspace {
    /// Whether the workspace is at rest: it can be started, and nothing about it changes by itself.
    public var isAtRest: Bool { ["created", "stopped", "failed"].contains(phase) }
}

/// A user's inactivity timeout for new workspaces, in Go's notation (`30m`, `1h30m`).
public struct DashboardTimeoutSettings: Sendable, Equatable {
    /// The user's choice; nil for the server's default.
    public var chosen: String?
    public var serverDefault: String
    public var minimum: String
    public var maximum: String

    public init(chosen: String?, serverDefault: String, minimum: String, maximum: String) {
        self.chosen = chosen
        self.serverDefault = serverDefault
        self.minimum = minimum
        self.maximum = maximum
    }
}
