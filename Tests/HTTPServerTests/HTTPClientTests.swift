import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import TestSupport
import Testing

@Suite struct HTTPClientTests {
    @Test func deadlineEndsACallToAServerThatNeverAnswers() async throws {
        let silent = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await HTTPClient().send(
                HTTPClientRequest(url: "http://\(silent.address)/"), deadline: .now + .milliseconds(400))
        }
        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - start >= .milliseconds(400))
        silent.close()
    }

    @Test func talksHTTPOverAUnixSocket() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/api.sock"
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(address: .unix(path: path)), responder: testRouter(),
            logger: .disabled)
        try await server.bind()
        let running = Task { try await server.run() }
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (head, body) = try await HTTPClient().send(HTTPClientRequest(url: "http+unix://\(encoded)/users/7"))
        #expect(head.status == .ok)
        #expect(String(decoding: body.readableView, as: UTF8.self) == "user 7")
        await server.shutdown()
        try await running.value
    }

    @Test(arguments: [
        "ftp://example.com/", "http://", "http://user:pw@example.com/", "example.com",
        "http+unix://relative.sock/x", "http://example.com/a b",
    ])
    func refusesBadURLs(url: String) {
        let error = #expect(throws: HTTPClientError.self) { try HTTPClientRequest(url: url) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains(url) == true)
    }

    @Test func retriesOnceWhenAPooledConnectionWasClosedByTheServer() async throws {
        try await withServer(
            configure: { $0.idleTimeout = .milliseconds(200) }, responder: testRouter()
        ) { address in
            let client = HTTPClient()
            let (first, _) = try await client.send(HTTPClientRequest(url: "http://\(address)/hello"))
            #expect(first.status == .ok)
            // The server closes the idle pooled connection; the next call notices and uses a fresh one.
            try await Task.sleep(for: .milliseconds(600))
            let (second, body) = try await client.send(HTTPClientRequest(url: "http://\(address)/hello"))
            #expect(second.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "hello")
        }
    }

    @Test func slowRequestBodyTimesOutWith408() async throws {
        try await withServer(configure: { $0.bodyTimeout = .milliseconds(300) }, responder: testRouter()) { address in
            let socket = try await Socket.connect(to: address)
            try await socket.write(string: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            let answer = try await withTimeout { try await readToEnd(socket) }
            #expect(answer.hasPrefix("HTTP/1.1 408 "))
            #expect(answer.contains("did not arrive in time"))
        }
    }

    @Test func responseBodiesLargerThanTheRequestLimitArePassedOn() async throws {
        // A proxy or a log stream must carry bodies of any size; callers bound what they keep.
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let serving = Task {
            let socket = try await listener.accept()
            var request = ByteBuffer()
            _ = try await socket.read(into: &request)
            try await socket.write(string: "HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\nfirst bytes")
            return socket
        }
        let response = try await HTTPClient().execute(HTTPClientRequest(url: "http://\(listener.address)/big"))
        #expect(response.status == .ok)
        let part = try #require(try await response.read())
        #expect(String(decoding: part.readableView, as: UTF8.self) == "first bytes")
        try await serving.value.close()
        listener.close()
    }
}
