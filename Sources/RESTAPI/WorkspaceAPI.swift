import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import Store
import Synchronization
import WorkspaceManager

/// What the workspace routes are given: the store, the manager, the creator, the public URL and the way to a
/// workspace's supervisor.
public struct WorkspaceAPIDependencies: Sendable {
    public var store: any Store & PortVisibilityStore
    public var manager: WorkspaceManager
    public var creator: WorkspaceCreator
    /// The server's public URL (`http://localhost:8080`): the IDE is at `<scheme>://<id>.<host>`, port N at
    /// `<scheme>://N-<id>.<host>`.
    public var publicURL: String
    /// Where the supervisor of a workspace answers; its unix socket in the workspace's run directory by default.
    public var supervisorEndpoint: @Sendable (_ workspaceID: String) -> HTTPEndpoint
    /// The inactivity timeout a user chose for their new workspaces, nil for the server's default.
    public var defaultInactivityTimeout: @Sendable (_ userID: String) async throws -> Duration?
    public var logger: Logger

    public init(
        store: any Store & PortVisibilityStore, manager: WorkspaceManager, creator: WorkspaceCreator,
        publicURL: String, supervisorEndpoint: (@Sendable (_ workspaceID: String) -> HTTPEndpoint)? = nil,
        defaultInactivityTimeout: @escaping @Sendable (_ userID: String) async throws -> Duration? = { _ in nil },
        logger: Logger = .disabled
    ) {
        self.store = store
        self.manager = manager
        self.creator = creator
        self.publicURL = publicURL
        self.supervisorEndpoint =
            supervisorEndpoint ?? { [manager] id in .unix(path: manager.directory(workspaceID: id).socketPath) }
        self.defaultInactivityTimeout = defaultInactivityTimeout
        self.logger = logger
    }
}

/// The public API's workspace routes, `/api/v1/workspaces…`, and its OpenAPI document, `/api/v1/openapi.json`.
///
/// The routes expect `AuthenticationMiddleware` in front of them: every one but the document needs a caller, and a
/// workspace of another user answers 404 as if it did not exist. Starts (on create and `start`) and stops run in the
/// background, in tasks this value owns; `shutdown()` cancels and awaits them.
public final class WorkspaceAPI: Sendable {
    let dependencies: WorkspaceAPIDependencies
    let urls: WorkspaceURLs
    let background = BackgroundTasks()

    /// - Throws: `HTTPError` 400 (as a configuration error) when the public URL is not `http(s)://host[:port]`.
    public init(_ dependencies: WorkspaceAPIDependencies) throws {
        self.dependencies = dependencies
        self.urls = try WorkspaceURLs(publicURL: dependencies.publicURL)
    }

    /// A route this API registers: its method and pattern.
    public struct RegisteredRoute: Sendable, Hashable {
        public var method: HTTPMethod
        public var pattern: String
    }

    /// Adds every workspace route and the OpenAPI document to `router`.
    /// - Returns: the routes added, as `router.on` received them.
    @discardableResult
    public func register(on router: inout Router) -> [RegisteredRoute] {
        var added: [RegisteredRoute] = []
        for route in APIRoute.all {
            let handler = handler(for: route.operation)
            router.on(route.method, route.pattern, handler)
            added.append(RegisteredRoute(method: route.method, pattern: route.pattern))
        }
        return added
    }

    /// Ends the event and log streams being served, cancels the starts and stops still running in the background,
    /// and waits for them.
    public func shutdown() async {
        await background.cancelAll()
    }

    private func handler(
        for operation: APIRoute.Operation
    ) -> @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse {
        switch operation {
        case .openAPI: { _, _ in .json(status: .ok, encodedJSON: OpenAPIDocument.json) }
        case .createWorkspace: { [self] in try await create($0, $1) }
        case .listWorkspaces: { [self] in try await list($0, $1) }
        case .getWorkspace: { [self] in try await get($0, $1) }
        case .startWorkspace: { [self] in try await start($0, $1) }
        case .stopWorkspace: { [self] in try await stop($0, $1) }
        case .deleteWorkspace: { [self] in try await delete($0, $1) }
        case .allWorkspaceEvents: { [self] in try await allEvents($0, $1) }
        case .workspaceEvents: { [self] in try await events($0, $1) }
        case .workspaceLogs: { [self] in try await logs($0, $1) }
        case .execInWorkspace: { [self] in try await exec($0, $1) }
        case .listPorts: { [self] in try await ports($0, $1) }
        case .setPortVisibility: { [self] in try await setPortVisibility($0, $1) }
        }
    }
}

/// Tasks the API started and owns, removed when they end, and the streams it serves: on shutdown the tasks are
/// cancelled and awaited, and the streams told to end.
final class BackgroundTasks: Sendable {
    private struct State {
        var tasks: [UUID: Task<Void, Never>] = [:]
        var streamEnds: [UUID: @Sendable () -> Void] = [:]
        var closed = false
    }
    private let state = Mutex(State())

    /// Whether the API has shut down.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Registers how to end a stream being served; nil when the API has shut down (end it at once).
    func registerStream(end: @escaping @Sendable () -> Void) -> UUID? {
        state.withLock { state in
            guard !state.closed else { return nil }
            let id = UUID()
            state.streamEnds[id] = end
            return id
        }
    }

    func unregisterStream(_ id: UUID?) {
        guard let id else { return }
        _ = state.withLock { $0.streamEnds.removeValue(forKey: id) }
    }

    /// Runs `body` in a new task, unless the API has shut down.
    func run(_ body: @escaping @Sendable () async -> Void) {
        let id = UUID()
        state.withLock { state in
            guard !state.closed else { return }
            state.tasks[id] = Task { [weak self] in
                await body()
                _ = self?.state.withLock { $0.tasks.removeValue(forKey: id) }
            }
        }
    }

    func cancelAll() async {
        let (tasks, streamEnds) = state.withLock { state in
            state.closed = true
            defer { state.streamEnds = [:] }
            return (Array(state.tasks.values), Array(state.streamEnds.values))
        }
        for end in streamEnds { end() }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}
