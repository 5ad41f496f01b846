import Basics
import NetIO

/// A key for a typed value stored in a `RequestContext` by middleware (the signed-in user, say).
public protocol RequestContextKey {
    associatedtype Value: Sendable
}

/// What the server and middleware know about a request beyond its bytes.
public struct RequestContext: Sendable {
    /// Path parameters matched by the router (`:id` in `/workspaces/:id`).
    public var parameters: [String: String] = [:]
    /// The route pattern that matched, for metrics and logs; nil when none did.
    public var route: String?
    public var logger: Logger
    public var remoteAddress: SocketAddress?
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init(logger: Logger, remoteAddress: SocketAddress? = nil) {
        self.logger = logger
        self.remoteAddress = remoteAddress
    }

    /// A typed value set by middleware.
    public subscript<Key: RequestContextKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }

    /// The path parameter `name`.
    /// - Throws: `HTTPError` 400 when the route has no such parameter.
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw HTTPError.badRequest("missing path parameter '\(name)'") }
        return value
    }
}

/// Answers requests: the whole server contract.
public protocol HTTPResponder: Sendable {
    /// Produces the response for `request`.
    /// - Parameters:
    ///   - request: the head and a body to read on demand.
    ///   - context: what middleware and the router know about the request.
    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse
}

/// Wraps a responder: authentication, metrics, logging.
public protocol HTTPMiddleware: Sendable {
    /// Handles `request`, usually by calling `next` and adjusting what it returns.
    func handle(
        _ request: HTTPRequest, context: RequestContext,
        next: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}

/// A responder made of a closure.
public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        self.body = body
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await body(request, context)
    }
}

/// A responder behind a chain of middleware, outermost first.
public struct MiddlewareResponder: HTTPResponder {
    let middleware: [any HTTPMiddleware]
    let responder: any HTTPResponder

    public init(middleware: [any HTTPMiddleware], responder: any HTTPResponder) {
        self.middleware = middleware
        self.responder = responder
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await call(index: 0, request, context)
    }

    private func call(index: Int, _ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        guard index < middleware.count else { return try await responder.respond(to: request, context: context) }
        return try await middleware[index].handle(request, context: context) { request, context in
            try await call(index: index + 1, request, context)
        }
    }
}
