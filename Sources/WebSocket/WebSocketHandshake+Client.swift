import Crypto
import HTTP

extension WebSocketHandshake {
    /// Builds a client's upgrade request with a fresh random key.
    /// - Parameters:
    ///   - host: the `Host` header: the server's host, and its port when it is not the default one.
    ///   - path: the request target, such as `/workspaces/abc/terminal?cols=80`.
    ///   - origin: the `Origin` header to send, if any.
    ///   - subprotocols: the subprotocols to offer, most preferred first.
    ///   - headers: more header fields, such as `Authorization`; appended after the handshake's own.
    /// - Returns: the request head, and the key that `verify(response:key:subprotocols:)` needs.
    public static func makeRequest(
        host: String, path: String, origin: String? = nil, subprotocols: [String] = [], headers: HTTPHeaders = [:]
    ) -> (head: HTTPRequestHead, key: String) {
        let key = Base64.encode(SecureRandom.bytes(count: 16))
        var fields: HTTPHeaders = [
            "Host": host,
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": key,
            "Sec-WebSocket-Version": version,
        ]
        if let origin { fields.add(name: "Origin", value: origin) }
        if !subprotocols.isEmpty {
            fields.add(name: "Sec-WebSocket-Protocol", value: subprotocols.joined(separator: ", "))
        }
        for field in headers { fields.add(name: field.name, value: field.value) }
        return (HTTPRequestHead(method: .get, target: path, headers: fields), key)
    }

    /// Checks the server's answer to a request from `makeRequest`.
    /// - Parameters:
    ///   - response: the response head.
    ///   - key: the key the request was sent with.
    ///   - subprotocols: the subprotocols the request offered.
    /// - Returns: the subprotocol the server chose, or nil.
    /// - Throws: `WebSocketHandshakeError` with the response's status when it is not a valid 101 for this key.
    @discardableResult
    public static func verify(
        response: HTTPResponseHead, key: String, subprotocols: [String] = []
    ) throws(WebSocketHandshakeError) -> String? {
        func failure(_ message: String) -> WebSocketHandshakeError {
            WebSocketHandshakeError(status: response.status, message: message)
        }
        let headers = response.headers
        guard response.status.code == 101 else {
            throw failure("the server answered \(response.status) instead of 101 Switching Protocols")
        }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            throw failure("the server's response has no \"Upgrade: websocket\" header")
        }
        guard headers.containsToken("upgrade", in: "Connection") else {
            throw failure("the server's Connection header does not contain \"upgrade\"")
        }
        let accepts = headers.values("Sec-WebSocket-Accept")
        guard accepts.count == 1, accepts[0].trimmingHTTPWhitespace() == acceptValue(forKey: key) else {
            throw failure("the server's Sec-WebSocket-Accept does not answer the key that was sent")
        }
        guard headers.listElements("Sec-WebSocket-Extensions").isEmpty else {
            throw failure("the server chose extensions, but none were offered")
        }
        let chosen = headers.listElements("Sec-WebSocket-Protocol")
        guard chosen.count <= 1 else {
            throw failure("the server chose \(chosen.count) subprotocols; it may choose one")
        }
        if let subprotocol = chosen.first, !subprotocols.contains(subprotocol) {
            throw failure("the server chose the subprotocol \"\(subprotocol)\", which was not offered")
        }
        return chosen.first
    }
}
