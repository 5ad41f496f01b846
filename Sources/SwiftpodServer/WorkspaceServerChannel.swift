import Foundation
import HTTP
import HTTPServer
import RESTAPI
import Store

/// What a workspace's server channel acts through.
public struct WorkspaceChannelDependencies: Sendable {
    public var store: any Store & PortVisibilityStore
    /// The public API's workspace routes: the channel stops workspaces and sets port visibility through them.
    public var api: WorkspaceAPI
    /// The inactivity timeout of workspaces that have none of their own.
    public var defaultInactivityTimeout: Duration

    public init(store: any Store & PortVisibilityStore, api: WorkspaceAPI, defaultInactivityTimeout: Duration) {
        self.store = store
        self.api = api
        self.defaultInactivityTimeout = defaultInactivityTimeout
    }
}

/// The server's side of `gp` inside one workspace, served on a unix socket in that workspace's `run/` directory
/// (`run/server.sock`, which only that workspace's container has mounted).
///
/// The socket is the caller's identity: whoever connects to it is that workspace, acting for its owner. So no route
/// names a workspace or a user, and every route acts on this workspace (its timeout, its ports, stopping it) or on
/// its owner's environment variables for its repository (`owner/repo`), and on nothing else.
///
/// | Route | Answer |
/// |---|---|
/// | `GET /workspace` | the workspace as the server knows it: owner, repository, phase, timeout |
/// | `GET /env` | the owner's variables that apply to the repository, the most specific of each name |
/// | `PUT /env` `{"variables":[{"name","value"}]}` | sets them for `owner/repo` |
/// | `DELETE /env/:name` | deletes the `owner/repo` variable of that name, if there is one |
/// | `GET /timeout`, `PUT /timeout` `{"timeout":"2h"}`, `POST /timeout/extend` | the inactivity timeout |
/// | `POST /stop` | 202, then the workspace stops with its backup |
/// | `GET /ports` | `{"ports":[{"port","url","visibility","state"}]}`: configured, open or with a stored visibility |
/// | `PUT /ports/:port` `{"visibility"}` | the port's visibility, as the public API sets it |
public struct WorkspaceServerChannel: HTTPResponder {
    /// The workspace this channel acts for.
    public var workspaceID: String { handlers.workspaceID }
    let handlers: WorkspaceChannelHandlers
    private let routes: any HTTPResponder

    public init(workspaceID: String, dependencies: WorkspaceChannelDependencies) {
        let handlers = WorkspaceChannelHandlers(workspaceID: workspaceID, dependencies: dependencies)
        self.handlers = handlers
        var router = Router()
        router.get("/workspace") { _, _ in try await handlers.info() }
        router.get("/env") { _, _ in try await handlers.environment() }
        router.put("/env") { request, _ in try await handlers.setEnvironment(request) }
        router.delete("/env/:name") { _, context in try await handlers.unsetEnvironment(try context.parameter("name")) }
        router.get("/timeout") { _, _ in try await handlers.timeout() }
        router.put("/timeout") { request, _ in try await handlers.setTimeout(request) }
        router.post("/timeout/extend") { _, _ in try await handlers.setTimeout(TimeoutDuration.extended) }
        router.post("/stop") { _, _ in try await handlers.stop() }
        router.get("/ports") { _, _ in try await handlers.ports() }
        router.put("/ports/:port") { request, context in
            try await handlers.setPortVisibility(request, port: try context.parameter("port"))
        }
        routes = MiddlewareResponder(middleware: [APIErrorMiddleware()], responder: router.responder())
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await routes.respond(to: request, context: context)
    }
}

/// The channel's handlers over the one workspace they act for.
struct WorkspaceChannelHandlers: Sendable {
    let workspaceID: String
    let dependencies: WorkspaceChannelDependencies

    /// The workspace and its owner.
    /// - Throws: `HTTPError` 404 when the workspace is gone or deleted, 403 when its owner is blocked.
    func workspaceAndOwner() async throws -> (workspace: Workspace, owner: User) {
        let store = dependencies.store
        guard let workspace = try? await store.workspace(id: workspaceID), workspace.deletedAt == nil else {
            throw HTTPError.notFound("workspace \(workspaceID) no longer exists")
        }
        let owner = try await store.user(id: workspace.ownerID)
        guard !owner.blocked else {
            throw HTTPError.forbidden("the owner of workspace \(workspaceID) is blocked")
        }
        return (workspace, owner)
    }

    /// The repository's `owner/repo` pattern, as the variables `gp env` sets use it.
    /// - Throws: `HTTPError` 409 when the clone URL names no owner and repository.
    static func repositoryPattern(of workspace: Workspace) throws -> String {
        guard let repository = EnvironmentPattern.repository(ofCloneURL: workspace.cloneURL) else {
            throw HTTPError(
                .conflict,
                message:
                    "the repository URL \(workspace.cloneURL) names no owner/repo, so it has no variables of its own")
        }
        return "\(repository.owner)/\(repository.repository)"
    }
}
