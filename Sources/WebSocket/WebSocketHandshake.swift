import Crypto
import HTTP

/// The opening handshake of RFC 6455 §4, with no I/O: the server checks an upgrade request and builds its 101
/// response; the client builds the request and checks the response (in `WebSocketHandshake+Client.swift`).
public enum WebSocketHandshake {
    /// The only protocol version in use, sent in `Sec-WebSocket-Version`.
    public static let version = "13"

    /// The GUID that RFC 6455 §1.3 appends to the key before hashing.
    static let keyGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The `Sec-WebSocket-Accept` value that answers `key`: Base64 of the SHA-1 of the key and the RFC's GUID.
    public static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + keyGUID).utf8)))
    }

    /// Checks a client's upgrade request and builds the 101 response that accepts it.
    /// - Parameters:
    ///   - head: the request head.
    ///   - supportedSubprotocols: the subprotocols the server speaks. The first one the client offers that is in
    ///     this list is chosen and sent back; when none matches, the response names none and the client decides.
    ///   - allowedOrigins: whether to accept a request from this `Origin` (nil when the request has none; browsers
    ///     always send one, so refusing nil keeps out cross-site pages).
    /// - Returns: the 101 response head, or the error whose `response` refuses the request: 405 for a method other
    ///   than GET, 400 for a malformed request, 426 for another protocol version, 403 for a refused origin.
    public static func validate(
        _ head: HTTPRequestHead, supportedSubprotocols: [String] = [], allowedOrigins: (String?) -> Bool
    ) -> Result<HTTPResponseHead, WebSocketHandshakeError> {
        let headers = head.headers
        guard head.method == .get else {
            return .failure(
                WebSocketHandshakeError(
                    status: .methodNotAllowed, message: "a WebSocket upgrade must use GET, not \(head.method)",
                    headers: ["Allow": "GET"]))
        }
        guard head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1) else {
            return .failure(.badRequest("a WebSocket upgrade needs HTTP/1.1, not \(head.version)"))
        }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            return .failure(.badRequest("the request has no \"Upgrade: websocket\" header"))
        }
        guard headers.containsToken("upgrade", in: "Connection") else {
            return .failure(.badRequest("the request's Connection header does not contain \"upgrade\""))
        }
        let versions = headers.listElements("Sec-WebSocket-Version")
        guard versions == [version] else {
            let sent = versions.isEmpty ? "none" : versions.joined(separator: ", ")
            return .failure(
                WebSocketHandshakeError(
                    status: HTTPStatus(code: 426),
                    message: "Sec-WebSocket-Version must be \(version), the request sent \(sent)",
                    headers: ["Sec-WebSocket-Version": version]))
        }
        let keys = headers.values("Sec-WebSocket-Key")
        guard keys.count == 1, let key = keys.first?.trimmingHTTPWhitespace(), !key.isEmpty else {
            return .failure(.badRequest("the request needs exactly one Sec-WebSocket-Key header, it has \(keys.count)"))
        }
        guard Base64.decode(key)?.count == 16 else {
            return .failure(.badRequest("Sec-WebSocket-Key \"\(key)\" is not the Base64 of 16 bytes"))
        }
        let origins = headers.values("Origin")
        guard origins.count <= 1 else {
            return .failure(.badRequest("the request has \(origins.count) Origin headers"))
        }
        let origin = origins.first
        guard allowedOrigins(origin) else {
            let message =
                origin.map { "origin \"\($0)\" may not open a WebSocket here" } ?? "the request needs an Origin"
            return .failure(WebSocketHandshakeError(status: .forbidden, message: message))
        }

        var responseHeaders: HTTPHeaders = [
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Accept": acceptValue(forKey: key),
        ]
        let offered = headers.listElements("Sec-WebSocket-Protocol")
        if let subprotocol = offered.first(where: supportedSubprotocols.contains) {
            responseHeaders.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
        }
        return .success(HTTPResponseHead(status: .switchingProtocols, headers: responseHeaders))
    }
}
