import Basics
import HTTP
import HTTPServer
import NetIO

/// The composition root of `swiftpod server`: builds the routes and middleware and serves them.
public struct SwiftpodServer: Sendable {
    public let options: ServerOptions
    public let logger: Logger
    public let metrics: MetricsRegistry

    public init(options: ServerOptions, logger: Logger, metrics: MetricsRegistry = MetricsRegistry()) {
        self.options = options
        self.logger = logger
        self.metrics = metrics
    }

    /// The routes of the server, behind the metrics middleware.
    public func responder() -> any HTTPResponder {
        var router = Router()
        router.add(middleware: HTTPMetricsMiddleware(registry: metrics))
        let health = HealthResponse.encoded
        router.get("/api/v1/health") { _, _ in .json(encodedJSON: health) }
        let registry = metrics
        router.get("/metrics") { _, _ in
            HTTPResponse(
                status: .ok, headers: ["Content-Type": MetricsRegistry.contentType],
                body: .bytes(ByteBuffer(string: registry.render())))
        }
        return router.responder()
    }

    /// An HTTP server for these routes, not yet bound.
    public func makeHTTPServer() -> HTTPServer {
        HTTPServer(
            configuration: HTTPServerConfiguration(address: options.listen), responder: responder(),
            logger: logger.with("component", "http"))
    }
}

/// The body of `GET /api/v1/health`.
enum HealthResponse {
    static let encoded = "{\"status\":\"ok\",\"version\":\"\(SwiftpodVersion.current)\"}"
}
