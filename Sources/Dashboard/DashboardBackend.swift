import Auth
import Foundation
import HTTPServer
import Store

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

/// A workspace as `GET /api/v1/workspaces/:id` answers it.
public struct DashboardWorkspace: Codable, Sendable, Equatable {
    public struct Repository: Codable, Sendable, Equatable {
        public var cloneURL: String
        public var ref: String?
        public var commit: String

        public init(cloneURL: String, ref: String? = nil, commit: String) {
            self.cloneURL = cloneURL
            self.ref = ref
            self.commit = commit
        }
    }

    public struct Port: Codable, Sendable, Equatable {
        public var port: Int
        public var url: String
        public var visibility: String
        public var state: String

        public init(port: Int, url: String, visibility: String, state: String) {
            self.port = port
            self.url = url
            self.visibility = visibility
            self.state = state
        }
    }

    public var id: String
    /// `created`, or a phase of its instance: `preparing`, …, `running`, `stopping`, `stopped`, `failed`.
    public var phase: String
    /// When each phase of the current instance began, by phase.
    public var phaseTimes: [String: Date]
    public var failure: String?
    public var contextURL: String
    public var repository: Repository
    public var contentSource: String?
    public var ideURL: String
    public var image: String?
    public var createdAt: Date
    public var ports: [Port]

    public init(
        id: String, phase: String, phaseTimes: [String: Date] = [:], failure: String? = nil, contextURL: String,
        repository: Repository, contentSource: String? = nil, ideURL: String, image: String? = nil,
        createdAt: Date, ports: [Port] = []
    ) {
        self.id = id
        self.phase = phase
        self.phaseTimes = phaseTimes
        self.failure = failure
        self.contextURL = contextURL
        self.repository = repository
        self.contentSource = contentSource
        self.ideURL = ideURL
        self.image = image
        self.createdAt = createdAt
        self.ports = ports
    }

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
