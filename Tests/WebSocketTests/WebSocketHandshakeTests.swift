import Crypto
import HTTP
import Testing

@testable import WebSocket

/// A valid upgrade request, as a browser sends it (the key is RFC 6455 §1.3's example).
func upgradeRequest(_ changes: (inout HTTPRequestHead) -> Void = { _ in }) -> HTTPRequestHead {
    var head = HTTPRequestHead(
        method: .get, target: "/chat",
        headers: [
            "Host": "server.example.com",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Origin": "http://example.com",
            "Sec-WebSocket-Protocol": "chat, superchat",
            "Sec-WebSocket-Version": "13",
        ])
    changes(&head)
    return head
}

let anyOrigin: @Sendable (String?) -> Bool = { _ in true }

@Suite struct WebSocketServerHandshakeTests {
    @Test func acceptValueOfTheRFCExample() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptsAValidRequest() throws {
        let response = try WebSocketHandshake.validate(upgradeRequest(), allowedOrigins: anyOrigin).get()
        #expect(response.status.code == 101)
        #expect(response.headers["Upgrade"] == "websocket")
        #expect(response.headers["Connection"] == "Upgrade")
        #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(!response.headers.contains("Sec-WebSocket-Protocol"))
    }

    @Test func tokensAreCaseInsensitiveAndMayShareTheHeader() throws {
        let head = upgradeRequest {
            $0.headers.replaceOrAdd(name: "upgrade", value: "WebSocket")
            $0.headers.replaceOrAdd(name: "connection", value: "keep-alive, UPGRADE")
        }
        #expect(throws: Never.self) { try WebSocketHandshake.validate(head, allowedOrigins: anyOrigin).get() }
    }

    @Test func choosesTheClientsFirstSupportedSubprotocol() throws {
        let response = try WebSocketHandshake.validate(
            upgradeRequest(), supportedSubprotocols: ["superchat", "chat"], allowedOrigins: anyOrigin
        ).get()
        #expect(response.headers.values("Sec-WebSocket-Protocol") == ["chat"])
        let none = try WebSocketHandshake.validate(
            upgradeRequest(), supportedSubprotocols: ["other"], allowedOrigins: anyOrigin
        ).get()
        #expect(!none.headers.contains("Sec-WebSocket-Protocol"))
    }

    /// A broken request and the status it must be refused with.
    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int
        var change: @Sendable (inout HTTPRequestHead) -> Void

        var testDescription: String { name }
    }

    static let badRequests = [
        BadRequest(name: "POST", status: 405) { $0.method = .post },
        BadRequest(name: "HTTP/1.0", status: 400) { $0.version = .http10 },
        BadRequest(name: "no Upgrade", status: 400) { $0.headers.remove(name: "Upgrade") },
        BadRequest(name: "Upgrade: h2c", status: 400) { $0.headers.replaceOrAdd(name: "Upgrade", value: "h2c") },
        BadRequest(name: "no Connection", status: 400) { $0.headers.remove(name: "Connection") },
        BadRequest(name: "Connection: keep-alive", status: 400) {
            $0.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        },
        BadRequest(name: "no version", status: 426) { $0.headers.remove(name: "Sec-WebSocket-Version") },
        BadRequest(name: "version 8", status: 426) {
            $0.headers.replaceOrAdd(name: "Sec-WebSocket-Version", value: "8")
        },
        BadRequest(name: "versions 8 and 13", status: 426) {
            $0.headers.replaceOrAdd(name: "Sec-WebSocket-Version", value: "8, 13")
        },
        BadRequest(name: "no key", status: 400) { $0.headers.remove(name: "Sec-WebSocket-Key") },
        BadRequest(name: "empty key", status: 400) { $0.headers.replaceOrAdd(name: "Sec-WebSocket-Key", value: "") },
        BadRequest(name: "key of 15 bytes", status: 400) {
            $0.headers.replaceOrAdd(name: "Sec-WebSocket-Key", value: Base64.encode([UInt8](repeating: 1, count: 15)))
        },
        BadRequest(name: "key of 17 bytes", status: 400) {
            $0.headers.replaceOrAdd(name: "Sec-WebSocket-Key", value: Base64.encode([UInt8](repeating: 1, count: 17)))
        },
        BadRequest(name: "key not Base64", status: 400) {
            $0.headers.replaceOrAdd(name: "Sec-WebSocket-Key", value: "not base64 at all!!!!!!!")
        },
        BadRequest(name: "two keys", status: 400) {
            $0.headers.add(name: "Sec-WebSocket-Key", value: "AAAAAAAAAAAAAAAAAAAAAA==")
        },
        BadRequest(name: "two origins", status: 400) { $0.headers.add(name: "Origin", value: "http://evil.example") },
    ]

    @Test(arguments: badRequests)
    func refusesABrokenRequest(_ request: BadRequest) {
        let result = WebSocketHandshake.validate(upgradeRequest(request.change), allowedOrigins: anyOrigin)
        guard case .failure(let error) = result else {
            Issue.record("the request was accepted")
            return
        }
        #expect(error.status.code == request.status)
        #expect(error.response.status.code == request.status)
        #expect(!error.message.isEmpty)
    }

    @Test func aWrongVersionIsAnsweredWithTheSupportedOne() {
        let head = upgradeRequest { $0.headers.replaceOrAdd(name: "Sec-WebSocket-Version", value: "8") }
        guard case .failure(let error) = WebSocketHandshake.validate(head, allowedOrigins: anyOrigin) else {
            Issue.record("the request was accepted")
            return
        }
        #expect(error.response.headers["Sec-WebSocket-Version"] == "13")
        #expect(error.status.reasonPhrase == "Upgrade Required")
    }

    @Test func anotherMethodIsAnsweredWithAllow() {
        let head = upgradeRequest { $0.method = .put }
        guard case .failure(let error) = WebSocketHandshake.validate(head, allowedOrigins: anyOrigin) else {
            Issue.record("the request was accepted")
            return
        }
        #expect(error.response.headers["Allow"] == "GET")
    }

    @Test func refusedOriginsGet403() {
        let onlyOurs: (String?) -> Bool = { $0 == "https://swiftpod.example" }
        let foreign = WebSocketHandshake.validate(upgradeRequest(), allowedOrigins: onlyOurs)
        #expect(throws: WebSocketHandshakeError.self) { try foreign.get() }
        if case .failure(let error) = foreign { #expect(error.status == .forbidden) }

        let missing = WebSocketHandshake.validate(
            upgradeRequest { $0.headers.remove(name: "Origin") }, allowedOrigins: onlyOurs)
        if case .failure(let error) = missing { #expect(error.status == .forbidden) } else { Issue.record("accepted") }

        let ours = upgradeRequest { $0.headers.replaceOrAdd(name: "Origin", value: "https://swiftpod.example") }
        #expect(throws: Never.self) { try WebSocketHandshake.validate(ours, allowedOrigins: onlyOurs).get() }
    }

    @Test func theOriginCheckSeesNilWhenThereIsNoOrigin() {
        var seen: [String?] = []
        _ = WebSocketHandshake.validate(upgradeRequest { $0.headers.remove(name: "Origin") }) { origin in
            seen.append(origin)
            return true
        }
        #expect(seen == [nil])
    }
}

@Suite struct WebSocketClientHandshakeTests {
    @Test func requestCarriesTheHandshakeHeaders() throws {
        let (head, key) = WebSocketHandshake.makeRequest(
            host: "example.com:8080", path: "/ws?x=1", origin: "https://example.com", subprotocols: ["a", "b"],
            headers: ["Authorization": "Bearer t"])
        #expect(head.method == .get)
        #expect(head.target == "/ws?x=1")
        #expect(head.version == .http11)
        #expect(head.headers["Host"] == "example.com:8080")
        #expect(head.headers["Sec-WebSocket-Key"] == key)
        #expect(head.headers["Sec-WebSocket-Version"] == "13")
        #expect(head.headers["Origin"] == "https://example.com")
        #expect(head.headers.listElements("Sec-WebSocket-Protocol") == ["a", "b"])
        #expect(head.headers["Authorization"] == "Bearer t")
        #expect(try #require(Base64.decode(key)).count == 16)
        // The server side accepts what the client side builds.
        #expect(throws: Never.self) { try WebSocketHandshake.validate(head, allowedOrigins: anyOrigin).get() }
    }

    @Test func everyRequestHasAFreshKey() {
        let keys = (0..<20).map { _ in WebSocketHandshake.makeRequest(host: "h", path: "/").key }
        #expect(Set(keys).count == keys.count)
    }

    @Test func verifiesTheServersAnswer() throws {
        let (head, key) = WebSocketHandshake.makeRequest(host: "h", path: "/", subprotocols: ["chat"])
        let response = try WebSocketHandshake.validate(head, supportedSubprotocols: ["chat"], allowedOrigins: anyOrigin)
            .get()
        #expect(try WebSocketHandshake.verify(response: response, key: key, subprotocols: ["chat"]) == "chat")
    }

    static func goodResponse(key: String) -> HTTPResponseHead {
        HTTPResponseHead(
            status: .switchingProtocols,
            headers: [
                "Upgrade": "websocket", "Connection": "Upgrade",
                "Sec-WebSocket-Accept": WebSocketHandshake.acceptValue(forKey: key),
            ])
    }

    /// A broken response, and the status the error must report.
    struct BadResponse: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable (inout HTTPResponseHead) -> Void

        var testDescription: String { name }
    }

    static let badResponses = [
        BadResponse(name: "200 OK") { $0.status = .ok },
        BadResponse(name: "no Upgrade") { $0.headers.remove(name: "Upgrade") },
        BadResponse(name: "no Connection upgrade") { $0.headers.replaceOrAdd(name: "Connection", value: "close") },
        BadResponse(name: "no accept") { $0.headers.remove(name: "Sec-WebSocket-Accept") },
        BadResponse(name: "wrong accept") {
            $0.headers.replaceOrAdd(name: "Sec-WebSocket-Accept", value: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        },
        BadResponse(name: "two accepts") {
            $0.headers.add(name: "Sec-WebSocket-Accept", value: $0.headers["Sec-WebSocket-Accept"]!)
        },
        BadResponse(name: "an extension") {
            $0.headers.add(name: "Sec-WebSocket-Extensions", value: "permessage-deflate")
        },
        BadResponse(name: "a subprotocol not offered") {
            $0.headers.add(name: "Sec-WebSocket-Protocol", value: "other")
        },
        BadResponse(name: "two subprotocols") { $0.headers.add(name: "Sec-WebSocket-Protocol", value: "chat, chat") },
    ]

    @Test(arguments: badResponses)
    func refusesABrokenResponse(_ bad: BadResponse) {
        let key = Base64.encode([UInt8](repeating: 7, count: 16))
        var response = Self.goodResponse(key: key)
        bad.change(&response)
        let error = #expect(throws: WebSocketHandshakeError.self) {
            try WebSocketHandshake.verify(response: response, key: key, subprotocols: ["chat"])
        }
        #expect(error?.status == response.status)
    }

    @Test func acceptsAGoodResponseWithoutASubprotocol() throws {
        let key = Base64.encode([UInt8](repeating: 7, count: 16))
        #expect(
            try WebSocketHandshake.verify(response: Self.goodResponse(key: key), key: key, subprotocols: ["chat"])
                == nil)
    }
}
