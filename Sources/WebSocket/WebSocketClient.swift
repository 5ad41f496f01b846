import Basics
import HTTP
import HTTPClient

/// Opens WebSocket connections from `ws://` and `ws+unix://` URLs through an `HTTPClient`.
public enum WebSocketClient {
    /// Performs the opening handshake and returns the connection.
    /// - Parameters:
    ///   - url: `ws://host:port/path` or `ws+unix://PERCENT-ENCODED-SOCKET-PATH/path`.
    ///   - origin: the `Origin` header to send, as a browser would.
    ///   - headers: more request headers (a bearer token, say).
    ///   - deadline: when to give up on the handshake.
    /// - Throws: `WebSocketHandshakeError` when the server refuses, `HTTPClientError` when it cannot be reached.
    public static func connect(
        url: String, origin: String? = nil, headers: HTTPHeaders = [:],
        configuration: WebSocketConnection.Configuration = WebSocketConnection.Configuration(),
        client: HTTPClient = .shared, deadline: ContinuousClock.Instant? = nil
    ) async throws -> WebSocketConnection {
        let httpURL: String
        if url.hasPrefix("ws://") {
            httpURL = "http://" + url.dropFirst(5)
        } else if url.hasPrefix("ws+unix://") {
            httpURL = "http+unix://" + url.dropFirst(10)
        } else {
            throw HTTPClientError(
                code: .invalidURL, message: "invalid WebSocket URL '\(url)': expected ws:// or ws+unix://")
        }
        let (endpoint, target, host) = try HTTPEndpoint.parse(url: httpURL)
        let (head, key) = WebSocketHandshake.makeRequest(host: host, path: target, origin: origin, headers: headers)
        let request = HTTPClientRequest(endpoint: endpoint, target: target, headers: head.headers)
        let response = try await client.execute(request, deadline: deadline)
        try WebSocketHandshake.verify(response: response.head, key: key)
        let (stream, leftover) = try response.takeUpgradedStream()
        return WebSocketConnection(stream: stream, role: .client, leftover: leftover, configuration: configuration)
    }
}
