import Foundation
import HTTP

/// Builds the route table: methods and path patterns mapped to handlers, plus middleware.
///
/// Patterns are literal segments, `:name` parameters and a final `*name` that takes the rest of the path:
/// `/api/v1/workspaces/:id`, `/assets/*path`. Literal segments win over parameters. `responder()` freezes the table
/// into an immutable `Sendable` responder; the builder itself is not shared across tasks.
public struct Router {
    private var root = RouteNode()
    private var middleware: [any HTTPMiddleware] = []

    public init() {}

    /// Adds middleware that wraps every route added to this router, outermost first.
    public mutating func add(middleware: any HTTPMiddleware) {
        self.middleware.append(middleware)
    }

    /// Routes `method` requests for `pattern` to `handler`.
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String,
        _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) {
        on(method, pattern, responder: ClosureResponder(handler))
    }

    /// Routes `method` requests for `pattern` to `responder`.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, responder: any HTTPResponder) {
        let segments = RouteNode.segments(of: pattern)
        root.insert(segments: segments[...], method: method, route: Route(pattern: pattern, responder: responder))
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

    /// The immutable responder for the routes added so far.
    ///
    /// Middleware runs after the route is matched, so it sees `context.route`; requests that match no route
    /// still pass through it (with `route` nil) on their way to the 404 or 405 answer.
    public func responder() -> any HTTPResponder {
        RouterResponder(root: root, middleware: middleware)
    }
}

struct Route: Sendable {
    let pattern: String
    let responder: any HTTPResponder
}

/// One path segment's worth of the route tree.
struct RouteNode: Sendable {
    var literals: [String: RouteNode] = [:]
    var parameter: (name: String, node: Box)?
    var wildcard: (name: String, routes: [HTTPMethod: Route])?
    var routes: [HTTPMethod: Route] = [:]

    /// Breaks a path into segments, dropping empty ones (so `/a//b/` is `a`, `b`).
    static func segments(of path: some StringProtocol) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { Substring($0) }
    }

    /// Holds a child behind a reference, since a struct cannot contain itself directly through a tuple.
    final class Box: Sendable {
        let node: RouteNode
        init(_ node: RouteNode) { self.node = node }
    }

    mutating func insert(segments: ArraySlice<Substring>, method: HTTPMethod, route: Route) {
        guard let first = segments.first else {
            routes[method] = route
            return
        }
        if first.hasPrefix("*") {
            var methods = wildcard?.routes ?? [:]
            methods[method] = route
            wildcard = (name: String(first.dropFirst()), routes: methods)
        } else if first.hasPrefix(":") {
            var child = parameter?.node.node ?? RouteNode()
            child.insert(segments: segments.dropFirst(), method: method, route: route)
            parameter = (name: String(first.dropFirst()), node: Box(child))
        } else {
            literals[String(first), default: RouteNode()].insert(
                segments: segments.dropFirst(), method: method, route: route)
        }
    }

    /// The routes for a path, with the parameters they bind, or nil when no pattern matches.
    func match(_ segments: ArraySlice<Substring>, parameters: inout [String: String]) -> [HTTPMethod: Route]? {
        guard let first = segments.first else {
            if !routes.isEmpty { return routes }
            if let wildcard {
                parameters[wildcard.name] = ""
                return wildcard.routes
            }
            return nil
        }
        if let child = literals[String(first)], let found = child.match(segments.dropFirst(), parameters: &parameters) {
            return found
        }
        if let parameter {
            var bound = parameters
            bound[parameter.name] = String(first).removingPercentEncodingOrSelf
            if let found = parameter.node.node.match(segments.dropFirst(), parameters: &bound) {
                parameters = bound
                return found
            }
        }
        if let wildcard {
            parameters[wildcard.name] = segments.joined(separator: "/")
            return wildcard.routes
        }
        return nil
    }
}

/// The frozen route table: 404 when no pattern matches, 405 with `Allow` when the method does not.
struct RouterResponder: HTTPResponder {
    let root: RouteNode
    let middleware: [any HTTPMiddleware]

    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        var context = context
        let target: any HTTPResponder
        do {
            let (route, parameters) = try match(request)
            context.parameters = parameters
            context.route = route.pattern
            target = route.responder
        } catch {
            target = ClosureResponder { _, _ in throw error }
        }
        if middleware.isEmpty { return try await target.respond(to: request, context: context) }
        return try await MiddlewareResponder(middleware: middleware, responder: target).respond(
            to: request, context: context)
    }

    private func match(_ request: HTTPRequest) throws -> (Route, [String: String]) {
        var parameters: [String: String] = [:]
        guard let routes = root.match(RouteNode.segments(of: request.path)[...], parameters: &parameters) else {
            throw HTTPError.notFound("no route for \(request.path)")
        }
        var method = request.method
        if routes[method] == nil, method == .head { method = .get }
        guard let route = routes[method] else {
            let allowed = routes.keys.map(\.rawValue).sorted().joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, message: "\(request.method) is not allowed on \(request.path); allowed: \(allowed)",
                headers: ["Allow": allowed])
        }
        return (route, parameters)
    }
}

extension String {
    var removingPercentEncodingOrSelf: String { removingPercentEncoding ?? self }
}
