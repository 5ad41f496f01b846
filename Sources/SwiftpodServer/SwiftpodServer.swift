import Auth
import Basics
import Dashboard
import Foundation
import HTTP
import HTTPServer
import IDEAssets
import NetIO
import WorkspaceProxy

/// The composition root of `swiftpod server`: the routes of every component over the shared services, behind the
/// metrics middleware, on one listener.
///
/// Other components add their routes as `RouteGroup`s, built from the services:
/// `SwiftpodServer(services: services, routeGroups: [RESTAPI.routes(services)])`.
public struct SwiftpodServer: Sendable {
    public let services: SwiftpodServices
    /// Route groups beyond the server's own (health, metrics, auth, tokens, users, environment variables).
    public let routeGroups: [RouteGroup]

    public init(services: SwiftpodServices, routeGroups: [RouteGroup] = []) {
        self.services = services
        self.routeGroups = routeGroups
    }

    /// The server's own route groups.
    public static func builtInGroups(_ services: SwiftpodServices) -> [RouteGroup] {
        var groups = [
            healthGroup(services), AuthRoutes.anonymousRoutes(services), AuthRoutes.authenticatedRoutes(services),
            TokenRoutes.routes(services), UserRoutes.routes(services), EnvironmentVariableRoutes.routes(services),
            UserSettingsRoutes.routes(services),
            WorkspaceRoutes.routes(services), SignInRoutes.routes(services), SignInRoutes.authenticatedRoutes(services),
        ]
        if let login = services.oidcLogin { groups.append(OIDCRoutes.routes(services, login: login)) }
        groups.append(dashboardGroup(services))
        return groups
    }

    /// The dashboard's pages and files at the base host.
    static func dashboardGroup(_ services: SwiftpodServices) -> RouteGroup {
        var group = RouteGroup()
        for route in Dashboard(backend: ServerDashboardBackend(services: services)).routes {
            group.on(route.method, route.pattern, route.handler)
        }
        return group
    }

    /// Every route, behind the metrics middleware, and in front of them the workspace proxy, which takes the
    /// requests for workspace hosts (`<id>.<host>`, `<port>-<id>.<host>`) and passes the rest on.
    public func responder() -> any HTTPResponder {
        var router = Router()
        router.add(middleware: HTTPMetricsMiddleware(registry: services.metrics))
        for group in Self.builtInGroups(services) + routeGroups {
            group.register(in: &router)
        }
        guard let publicURL = try? PublicURL(parsing: services.configuration.publicURL) else {
            services.logger.error("the workspace proxy is off: \(services.configuration.publicURL) is not a public URL")
            return router.responder()
        }
        let proxy = WorkspaceProxy(
            configuration: WorkspaceProxy.Configuration(publicURL: publicURL, ideAssets: ideAssets()),
            directory: ServerWorkspaceDirectory(services: services), authenticator: services.authenticator,
            credentials: services.store, grants: services.workspaceHostGrants)
        return MiddlewareResponder(middleware: [proxy], responder: router.responder())
    }

    /// The browser IDE's files, read once; nil (and the IDE host's `/` goes to the supervisor) when the server's own
    /// IDE files are missing.
    func ideAssets() -> IDEAssetServer? {
        guard let own = IDEAssetServer.bundledAssetsDirectory else {
            services.logger.error("the browser IDE is off: its files are missing beside the swiftpod executable")
            return nil
        }
        let javaScript = services.configuration.ideJavaScriptDirectory
        let nodeModules = URL(fileURLWithPath: javaScript).deletingLastPathComponent().appendingPathComponent("nodejs")
        do {
            let server = try IDEAssetServer(
                sources: IDEAssetServer.Sources(
                    ownAssets: own, javaScriptDirectory: javaScript, nodeModulesDirectory: nodeModules.path))
            for problem in server.missing { services.logger.warning("the browser IDE is incomplete: \(problem)") }
            return server
        } catch {
            services.logger.error("the browser IDE is off: \(error)")
            return nil
        }
    }

    /// An HTTP server for these routes on the configured address, not yet bound.
    public func makeHTTPServer() -> HTTPServer {
        HTTPServer(
            configuration: HTTPServerConfiguration(address: services.configuration.listen), responder: responder(),
            logger: services.logger.with("component", "http"))
    }

    static func healthGroup(_ services: SwiftpodServices) -> RouteGroup {
        var group = RouteGroup()
        let health = HealthResponse.encoded
        group.get("/api/v1/health") { _, _ in .json(encodedJSON: health) }
        let registry = services.metrics
        group.get("/metrics") { _, _ in
            HTTPResponse(
                status: .ok, headers: ["Content-Type": MetricsRegistry.contentType],
                body: .bytes(ByteBuffer(string: registry.render())))
        }
        return group
    }
}

/// The body of `GET /api/v1/health`.
enum HealthResponse {
    static let encoded = "{\"status\":\"ok\",\"version\":\"\(SwiftpodVersion.current)\"}"
}
