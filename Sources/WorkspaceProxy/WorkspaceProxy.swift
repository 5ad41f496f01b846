import Auth
import Basics
import HTTP
import HTTPClient
import HTTPServer
import IDEAssets
import ReverseProxy
import Store

/// The first responder of `swiftpod server`: routes by host, checks who may reach a workspace, and proxies.
///
/// The base host (and any host that is not ours) goes on to the server's router, except
/// `GET /auth/workspace`, which mints a workspace sign-in code. `<wsid>.<host>` reaches the workspace's IDE endpoint
/// (the supervisor's HTTP API on its unix socket) and `<port>-<wsid>.<host>` port N inside it through a CONNECT
/// tunnel on that socket; HTTP, WebSocket and streaming answers pass through. On the IDE host, the IDE page (`GET /`)
/// and its static files (`GET /_ide/…`) are the server's own answers, given to the owner after the same checks.
///
/// Workspace hosts are private to their owner, who passes with a bearer token or with that host's own cookie,
/// obtained through the one-time code redirect; anyone passes a public port. Credentials never reach the
/// workspace, a workspace cannot set a cookie with a `Domain`, and WebSocket upgrades (and state-changing requests
/// to the IDE host) must come from the host itself or the dashboard.
public struct WorkspaceProxy: HTTPMiddleware {
    /// Where the proxy lives and where browsers sign in.
    public struct Configuration: Sendable {
        public var publicURL: PublicURL
        /// The dashboard's sign-in page, given `?returnTo=` (a path on the dashboard host).
        public var signInPath: String
        /// Timeouts for the upstream side.
        public var upstream: ReverseProxy.Configuration
        /// The browser IDE the IDE host serves at `/` and `/_ide/`; nil to pass those paths to the supervisor too.
        public var ideAssets: IDEAssetServer?

        public init(
            publicURL: PublicURL, signInPath: String = "/login",
            upstream: ReverseProxy.Configuration = ReverseProxy.Configuration(), ideAssets: IDEAssetServer? = nil
        ) {
            self.publicURL = publicURL
            self.signInPath = signInPath
            self.upstream = upstream
            self.ideAssets = ideAssets
        }
    }

    /// The name of the workspace-host cookie: `__Host-swiftpod_workspace` under https, `swiftpod_workspace` otherwise.
    public static let hostCookieBaseName = "swiftpod_workspace"
    /// Where a workspace host redeems a sign-in code.
    public static let codeExchangePath = "/.swiftpod/auth"
    /// Where the dashboard host mints a sign-in code.
    public static let codeMintPath = "/auth/workspace"

    public let configuration: Configuration
    let directory: any WorkspaceAccessDirectory
    let authenticator: Authenticator
    let credentials: any UserStore & CredentialStore
    let grants: WorkspaceHostGrants
    let clock: WallClock
    private let proxy: ReverseProxy

    /// - Parameters:
    ///   - configuration: the public URL and sign-in page.
    ///   - directory: owners, supervisor sockets and port visibility.
    ///   - authenticator: checks bearer tokens and dashboard sessions.
    ///   - credentials: the store behind sessions, to check that a host cookie's session is still valid.
    ///   - grants: sign-in codes and host cookies.
    public init(
        configuration: Configuration, directory: any WorkspaceAccessDirectory, authenticator: Authenticator,
        credentials: any UserStore & CredentialStore, grants: WorkspaceHostGrants = WorkspaceHostGrants(),
        clock: WallClock = .system
    ) {
        self.configuration = configuration
        self.directory = directory
        self.authenticator = authenticator
        self.credentials = credentials
        self.grants = grants
        self.clock = clock
        var upstream = configuration.upstream
        upstream.forwardedProto = configuration.publicURL.scheme
        self.proxy = ReverseProxy(configuration: upstream) { _, context in
            guard let endpoint = context[UpstreamKey.self] else {
                throw HTTPError(.internalServerError, message: "no workspace upstream was chosen")
            }
            return endpoint
        }
    }

    var publicURL: PublicURL { configuration.publicURL }

    /// The workspace-host cookie's name.
    public var hostCookieName: String {
        publicURL.isSecure ? "__Host-" + Self.hostCookieBaseName : Self.hostCookieBaseName
    }

    /// Every cookie name of the platform: removed from requests into workspaces, refused from their answers.
    var platformCookieNames: Set<String> {
        [
            SessionCookie.baseName, "__Host-" + SessionCookie.baseName, Self.hostCookieBaseName,
            "__Host-" + Self.hostCookieBaseName,
        ]
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext,
        next: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let host = WorkspaceHost(hostHeader: request.headers["Host"], publicURL: publicURL)
        switch host {
        case .foreign:
            return try await next(request, context)
        case .dashboard:
            if request.path == Self.codeMintPath, request.method == .get || request.method == .head {
                return try await mintCode(request)
            }
            return try await next(request, context)
        case .invalid(let reason):
            return ProxyPage.failure(.notFound, "no such workspace host: \(reason)", request: request)
        case .ide, .port:
            do {
                return try await workspaceResponse(request, host: host, context: context)
            } catch let error as HTTPError {
                return ProxyPage.failure(error, request: request)
            }
        }
    }

    private func workspaceResponse(
        _ request: HTTPRequest, host: WorkspaceHost, context: RequestContext
    ) async throws -> HTTPResponse {
        guard let workspaceID = host.workspaceID, let hostName = host.hostName(publicURL: publicURL) else {
            throw HTTPError.notFound()
        }
        // A tunnel would reach past the one port (or the IDE endpoint) that this host stands for.
        guard request.method != .connect else {
            throw HTTPError(.methodNotAllowed, message: "CONNECT is not allowed on workspace hosts")
        }
        if request.path == Self.codeExchangePath { return try redeemCode(request, hostName: hostName) }
        guard let workspace = try await directory.workspace(id: workspaceID) else {
            throw HTTPError.notFound("there is no workspace '\(workspaceID)'")
        }
        let allowedOrigins = [publicURL.origin(forHost: hostName), publicURL.origin]
        let isUpgrade = WorkspaceRequestFilter.isUpgrade(request.headers)
        var isIDE = false
        if case .ide = host { isIDE = true }
        if isUpgrade || (isIDE && Authenticator.isStateChanging(request.method)),
            !WorkspaceRequestFilter.originAllowed(request.headers, allowedOrigins: allowedOrigins)
        {
            throw HTTPError.forbidden(
                "cross-origin \(isUpgrade ? "WebSocket upgrade" : "request") refused: the Origin must be "
                    + allowedOrigins.joined(separator: " or "))
        }
        var isPublic = false
        if case .port(let port, _) = host {
            isPublic = try await directory.portVisibility(workspaceID: workspaceID, port: port) == "public"
        }
        if !isPublic {
            guard let userID = try await caller(of: request, hostName: hostName) else {
                return signInRequired(request, hostName: hostName)
            }
            guard userID == workspace.ownerID else {
                throw HTTPError.forbidden("workspace '\(workspaceID)' belongs to another user")
            }
        }
        guard let socketPath = workspace.supervisorSocketPath else {
            throw HTTPError.notFound("workspace '\(workspaceID)' is not running: start it from the dashboard")
        }
        if isIDE, let assets = configuration.ideAssets,
            let response = assets.response(to: request, policy: idePagePolicy(hostName: hostName))
        {
            return response
        }
        var upstreamContext = context
        switch host {
        case .port(let port, _):
            upstreamContext[UpstreamKey.self] = .tunnel(unixPath: socketPath, target: "127.0.0.1:\(port)")
        default: upstreamContext[UpstreamKey.self] = .unix(path: socketPath)
        }
        var forwarded = request
        forwarded.head.headers = WorkspaceRequestFilter.strippingCredentials(
            request.headers, cookieNames: platformCookieNames)
        var response = try await proxy.respond(to: forwarded, context: upstreamContext)
        response.headers = WorkspaceRequestFilter.filteringSetCookie(response.headers, cookieNames: platformCookieNames)
        return response
    }

    /// The IDE page's policy on `hostName`: WebSockets to that host, frames from the workspace hosts (its ports) and
    /// from the dashboard, which a private port's sign-in redirect passes through.
    func idePagePolicy(hostName: String) -> IDEPagePolicy {
        let webSocketScheme = publicURL.isSecure ? "wss://" : "ws://"
        return IDEPagePolicy(
            webSocketOrigin: webSocketScheme + publicURL.authority(forHost: hostName),
            frameSources: [publicURL.origin(forHost: "*." + publicURL.host), publicURL.origin])
    }

    /// The user ID behind a request's bearer token or host cookie; nil when it carries neither.
    /// - Throws: `HTTPError` 401 for a bearer token that is not valid.
    private func caller(of request: HTTPRequest, hostName: String) async throws -> String? {
        if let authorization = request.headers["Authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = parts[1].trimmingHTTPWhitespace()
                if token.hasPrefix(AccessTokens.prefix) {
                    do {
                        return try await authenticator.accessTokens.verify(token).user.id
                    } catch let error as AuthError {
                        throw error.httpError
                    }
                }
            }
        }
        let values = CookieHeader.parse(request.headers.values("Cookie")).filter { $0.name == hostCookieName }
        for (_, value) in values.prefix(3) {
            guard let grant = grants.grant(cookieValue: value, host: hostName) else { continue }
            guard let session = try await credentials.findSession(id: grant.sessionID),
                clock.now() < session.expiresAt, session.userID == grant.userID
            else { continue }
            guard let user = try? await credentials.user(id: grant.userID), !user.blocked else { continue }
            return user.id
        }
        return nil
    }

    /// No credentials: browsers go through the sign-in code redirect, API clients get 401.
    private func signInRequired(_ request: HTTPRequest, hostName: String) -> HTTPResponse {
        let wantsHTML = request.headers.values("Accept").contains { $0.lowercased().contains("text/html") }
        guard wantsHTML, request.method == .get || request.method == .head else {
            return ProxyPage.failure(
                HTTPError(
                    .unauthorized,
                    message: "this workspace is private: send a personal access token as 'Authorization: Bearer swp_…'",
                    headers: ["WWW-Authenticate": "Bearer"]), request: request)
        }
        let returnTo = ReturnPath.validated(request.head.target) ?? "/"
        let location =
            publicURL.origin + Self.codeMintPath + "?host="
            + ReturnPath.queryEncoded(publicURL.authority(forHost: hostName)) + "&returnTo="
            + ReturnPath.queryEncoded(returnTo)
        return ProxyPage.redirect(to: location)
    }
}

/// The upstream chosen for a request, handed to the reverse proxy through the context.
enum UpstreamKey: RequestContextKey {
    typealias Value = HTTPEndpoint
}
