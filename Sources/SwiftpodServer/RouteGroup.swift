import HTTP
import HTTPServer

/// Routes that share middleware, added to the server's router together.
///
/// The server's router carries only what every request needs (metrics); each group brings its own, such as
/// `APIErrorMiddleware` and `AuthenticationMiddleware` for `/api/v1`. Another component adds its routes by building
/// a group (usually with `SwiftpodServices.apiGroup()`) and handing it to `SwiftpodServer`.
public struct RouteGroup: Sendable {
    struct Entry: Sendable {
        let method: HTTPMethod
        let pattern: String
        let responder: any HTTPResponder
    }

    /// The group's middleware, outermost first.
    public let middleware: [any HTTPMiddleware]
    private(set) var entries: [Entry] = []

    public init(middleware: [any HTTPMiddleware] = []) {
        self.middleware = middleware
    }

    /// Routes `method` requests for `pattern` to `handler`, behind the group's middleware.
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String,
        _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) {
        on(method, pattern, responder: ClosureResponder(handler))
    }

    /// Routes `method` requests for `pattern` to `responder`, behind the group's middleware.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, responder: any HTTPResponder) {
        entries.append(Entry(method: method, pattern: pattern, responder: responder))
    }

    public mutating func get(
        _ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) { on(.get, pattern, handler) }

    public mutating func post(
        _ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) { on(.post, pattern, handler) }

    public mutating func put(
        _ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) { on(.put, pattern, handler) }

    public mutating func patch(
        _ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) { on(.patch, pattern, handler) }

    public mutating func delete(
        _ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) { on(.delete, pattern, handler) }

    /// The patterns of the group's routes with their methods, for documents and tests that list routes.
    public var routes: [(method: HTTPMethod, pattern: String)] {
        entries.map { ($0.method, $0.pattern) }
    }

    /// Adds the group's routes to `router`, each wrapped in the group's middleware.
    public func register(in router: inout Router) {
        for entry in entries {
            let responder: any HTTPResponder =
                middleware.isEmpty
                ? entry.responder : MiddlewareResponder(middleware: middleware, responder: entry.responder)
            router.on(entry.method, entry.pattern, responder: responder)
        }
    }
}
