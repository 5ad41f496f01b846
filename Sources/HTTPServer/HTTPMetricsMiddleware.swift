import Basics
import HTTP
import Synchronization

/// Counts requests by method, route and status, and observes their durations, for `/metrics`.
///
/// The route label is the matched pattern (`/api/v1/workspaces/:id`), never the raw path, so the number of series
/// stays bounded; requests that match no route count under `unmatched`.
public struct HTTPMetricsMiddleware: HTTPMiddleware {
    private let registry: MetricsRegistry
    private let cache = SeriesCache()

    public init(registry: MetricsRegistry) {
        self.registry = registry
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext,
        next: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        let route = context.route ?? "unmatched"
        do {
            let response = try await next(request, context)
            record(method: request.method, route: route, code: response.status.code, since: start)
            return response
        } catch let error as HTTPError {
            record(method: request.method, route: route, code: error.status.code, since: start)
            throw error
        } catch {
            record(method: request.method, route: route, code: 500, since: start)
            throw error
        }
    }

    private func record(method: HTTPMethod, route: String, code: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let key = SeriesKey(method: method.rawValue, route: route, code: code)
        let (counter, histogram) = cache.series(for: key) {
            (
                registry.counter(
                    "swiftpod_http_requests_total", help: "HTTP requests served, by method, route and status code.",
                    labels: ["method": key.method, "route": key.route, "code": String(key.code)]),
                registry.histogram(
                    "swiftpod_http_request_duration_seconds",
                    help: "Time from a request's head to its response, by route.",
                    labels: ["route": key.route])
            )
        }
        counter.increment()
        histogram.observe(elapsed)
    }
}

private struct SeriesKey: Hashable {
    let method: String
    let route: String
    let code: Int
}

/// Handles looked up once per method, route and status, so recording a request costs one short lock.
private final class SeriesCache: Sendable {
    private let entries = Mutex<[SeriesKey: (Counter, Histogram)]>([:])

    func series(for key: SeriesKey, make: () -> (Counter, Histogram)) -> (Counter, Histogram) {
        if let found = entries.withLock({ $0[key] }) { return found }
        let made = make()
        entries.withLock { $0[key] = made }
        return made
    }
}
