import Basics
import HTTP

/// A request for `HTTPClient`: where it goes, its head and its body.
public struct HTTPClientRequest: Sendable {
    public var endpoint: HTTPEndpoint
    public var method: HTTPMethod
    /// The request target: a path and query (`/v1.41/containers/json?all=1`), or `host:port` for CONNECT.
    public var target: String
    public var headers: HTTPHeaders
    public var body: Body

    /// How the body is produced.
    public enum Body: Sendable {
        case empty
        case bytes(ByteBuffer)
        /// Written piece by piece: with Content-Length when the headers set it, otherwise chunked.
        case stream(@Sendable (HTTPClientBodyWriter) async throws -> Void)

        /// Whether the body can be sent again on a fresh connection.
        var isReplayable: Bool {
            if case .stream = self { return false }
            return true
        }
    }

    public init(
        endpoint: HTTPEndpoint, method: HTTPMethod = .get, target: String, headers: HTTPHeaders = [:],
        body: Body = .empty
    ) {
        self.endpoint = endpoint
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// A request for `url` (`http://…` or `http+unix://…`), with its Host header set.
    public init(url: String, method: HTTPMethod = .get, headers: HTTPHeaders = [:], body: Body = .empty) throws {
        let (endpoint, target, host) = try HTTPEndpoint.parse(url: url)
        self.init(endpoint: endpoint, method: method, target: target, headers: headers, body: body)
        if self.headers["Host"] == nil { self.headers.add(name: "Host", value: host) }
    }
}
