import Basics
import HTTP
import HTTPClient
import HTTPServer
import NetIO

/// Forwards requests to an upstream and streams the answers back.
///
/// Hop-by-hop headers are dropped in both directions, `X-Forwarded-For/Host/Proto` are set, request and response
/// bodies stream with backpressure, WebSocket upgrades and other long-lived answers (Server-Sent Events) pass
/// through, and a failing upstream gets a clear 502, or 504 when it is too slow.
public struct ReverseProxy: HTTPResponder {
    /// Timeouts and the scheme clients used to reach the proxy.
    public struct Configuration: Sendable {
        /// How long to wait for a connection to the upstream.
        public var connectTimeout: Duration
        /// How long to wait for the upstream's response head once the request is sent.
        public var responseTimeout: Duration
        /// `X-Forwarded-Proto`: the scheme clients used.
        public var forwardedProto: String
        /// Response bodies up to this size with a known length are read whole and sent in one write.
        public var bufferedBodyLimit: Int

        public init(
            connectTimeout: Duration = .seconds(10), responseTimeout: Duration = .seconds(300),
            forwardedProto: String = "http", bufferedBodyLimit: Int = 64 * 1024
        ) {
            self.connectTimeout = connectTimeout
            self.responseTimeout = responseTimeout
            self.forwardedProto = forwardedProto
            self.bufferedBodyLimit = bufferedBodyLimit
        }
    }

    private let upstream: @Sendable (HTTPRequest, RequestContext) throws -> HTTPEndpoint
    private let client: HTTPClient
    private let configuration: Configuration

    /// A proxy to one fixed upstream.
    public init(upstream: HTTPEndpoint, configuration: Configuration = Configuration()) {
        self.init(configuration: configuration) { _, _ in upstream }
    }

    /// A proxy that chooses the upstream per request (a workspace's port, say).
    public init(
        configuration: Configuration = Configuration(),
        upstream: @escaping @Sendable (HTTPRequest, RequestContext) throws -> HTTPEndpoint
    ) {
        self.upstream = upstream
        self.configuration = configuration
        self.client = HTTPClient(
            configuration: HTTPClient.Configuration(
                connectTimeout: configuration.connectTimeout, requestTimeout: configuration.responseTimeout))
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        let endpoint = try upstream(request, context)
        let upgrade = ReverseProxy.requestedUpgrade(request.head)
        var headers = ReverseProxy.removingHopByHop(request.headers)
        addForwardedHeaders(to: &headers, request: request, context: context)
        if let upgrade {
            headers.add(name: "Connection", value: "Upgrade")
            headers.add(name: "Upgrade", value: upgrade)
        }
        let body: HTTPClientRequest.Body
        if ReverseProxy.hasBody(request.head) {
            let source = request.body
            body = .stream { writer in
                while let part = try await source.read() { try await writer.write(part) }
            }
        } else {
            body = .empty
        }
        let outbound = HTTPClientRequest(
            endpoint: endpoint, method: request.method, target: request.head.target, headers: headers, body: body)

        let response: HTTPClientResponse
        do {
            response = try await client.execute(outbound, deadline: .now + configuration.responseTimeout)
        } catch let error as HTTPClientError {
            context.logger.warning("upstream failed", ["proxy.upstream": "\(endpoint)", "error": error.message])
            if error.code == .timedOut {
                throw HTTPError(.gatewayTimeout, message: "the upstream did not answer in time (\(endpoint))")
            }
            throw HTTPError(.badGateway, message: "the upstream is unavailable: \(error.message)")
        }
        return try await relay(response, upgrade: upgrade, method: request.method)
    }

    private func relay(
        _ response: HTTPClientResponse, upgrade: String?, method: HTTPMethod
    ) async throws
        -> HTTPResponse
    {
        var headers = ReverseProxy.removingHopByHop(response.headers)
        if response.isUpgrade, let upgrade, response.status.code == 101 {
            headers.add(name: "Connection", value: "Upgrade")
            headers.add(name: "Upgrade", value: response.headers["Upgrade"] ?? upgrade)
            let (upstreamStream, upstreamLeftover) = try response.takeUpgradedStream()
            return HTTPResponse(
                status: response.status, headers: headers,
                body: .upgrade { clientStream, clientLeftover in
                    await ByteStreamSplice.run(
                        clientStream, upstreamStream, pendingForSecond: clientLeftover,
                        pendingForFirst: upstreamLeftover)
                })
        }
        if method == .head || response.status.forbidsBody {
            _ = try await response.collect(maxBytes: 0)
            return HTTPResponse(status: response.status, headers: headers, body: .empty)
        }
        if let lengthText = response.headers["Content-Length"], let length = Int(lengthText),
            length <= configuration.bufferedBodyLimit
        {
            let bytes: ByteBuffer
            do {
                bytes = try await response.collect(maxBytes: length, deadline: .now + configuration.responseTimeout)
            } catch {
                throw HTTPError(.badGateway, message: "the upstream's response body failed: \(error)")
            }
            headers.remove(name: "Content-Length")
            return HTTPResponse(status: response.status, headers: headers, body: .bytes(bytes))
        }
        return HTTPResponse(
            status: response.status, headers: headers,
            body: .stream { writer in
                while let part = try await response.read() { try await writer.write(part) }
            })
    }

    private func addForwardedHeaders(to headers: inout HTTPHeaders, request: HTTPRequest, context: RequestContext) {
        var clientIP = "unknown"
        switch context.remoteAddress {
        case .ipv4(let host, _), .ipv6(let host, _): clientIP = host
        case .unix: clientIP = "unix"
        case nil: break
        }
        if let prior = request.headers["X-Forwarded-For"] {
            headers.replaceOrAdd(name: "X-Forwarded-For", value: prior + ", " + clientIP)
        } else {
            headers.replaceOrAdd(name: "X-Forwarded-For", value: clientIP)
        }
        if let host = request.headers["Host"] { headers.replaceOrAdd(name: "X-Forwarded-Host", value: host) }
        headers.replaceOrAdd(name: "X-Forwarded-Proto", value: configuration.forwardedProto)
    }

    /// The headers that describe one connection rather than the message (RFC 9110 §7.6.1).
    static let hopByHop = [
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization",
    ]

    /// `headers` without hop-by-hop fields, including those named in `Connection`.
    static func removingHopByHop(_ headers: HTTPHeaders) -> HTTPHeaders {
        let named = hopByHop + headers.listElements("Connection")
        var result = headers
        result.removeAll { field in named.contains { HTTPHeaders.namesEqual($0, field.name) } }
        return result
    }

    /// The protocol a request asks to upgrade to, when it asks in the way RFC 9110 describes.
    static func requestedUpgrade(_ head: HTTPRequestHead) -> String? {
        guard head.method == .get, head.headers.containsToken("upgrade", in: "Connection"),
            let upgrade = head.headers["Upgrade"], !upgrade.isEmpty
        else { return nil }
        return upgrade
    }

    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers.contains("Transfer-Encoding") { return true }
        if let length = head.headers["Content-Length"], let value = Int(length) { return value > 0 }
        return false
    }
}
