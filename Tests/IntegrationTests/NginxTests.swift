import Basics
import Foundation
import HTTP
import HTTPClient
import TestSupport
import Testing

/// Swiftpod's HTTP client against a real nginx, and Swiftpod's server behind a real nginx.
@Suite struct NginxTests {
    @Test func clientFetchesStaticFilesOverOnePooledConnection() async throws {
        let big = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 / 7) }
        let nginx = try NginxFixture(
            serverBlock: "keepalive_requests 1000;", files: ["small.txt": Array("small file".utf8), "big.bin": big])
        try await nginx.waitUntilReady()
        let client = HTTPClient()
        for _ in 0..<5 {
            let (head, body) = try await client.send(HTTPClientRequest(url: "\(nginx.url)/small.txt"))
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "small file")
        }
        let (bigHead, bigBody) = try await client.send(HTTPClientRequest(url: "\(nginx.url)/big.bin"))
        #expect(bigHead.status == .ok)
        #expect(bigBody.readableArray == big)
        let (missing, _) = try await client.send(HTTPClientRequest(url: "\(nginx.url)/missing"))
        #expect(missing.status == .notFound)
        let (headOnly, headBody) = try await client.send(HTTPClientRequest(url: "\(nginx.url)/big.bin", method: .head))
        #expect(headOnly.headers["Content-Length"] == String(big.count))
        #expect(headBody.isEmpty)
    }

    @Test func clientReadsChunkedAnswersFromNginx() async throws {
        // gzip turns a static answer into a chunked one, since nginx cannot know the compressed length up front.
        let text = String(repeating: "swiftpod ", count: 20_000)
        let nginx = try NginxFixture(
            serverBlock: "gzip on; gzip_types text/plain; gzip_min_length 1;",
            files: ["text.txt": Array(text.utf8)])
        try await nginx.waitUntilReady()
        let (head, body) = try await HTTPClient().send(
            HTTPClientRequest(url: "\(nginx.url)/text.txt", headers: ["Accept-Encoding": "gzip"]))
        #expect(head.status == .ok)
        #expect(head.headers["Transfer-Encoding"] == "chunked")
        #expect(head.headers["Content-Encoding"] == "gzip")
        #expect(body.readableBytes > 0 && body.readableBytes < text.utf8.count)
    }

    @Test func serverAnswersThroughNginxProxyPass() async throws {
        let server = try await RunningServer.start(integrationRouter())
        defer { Task { await server.stop() } }
        let nginx = try NginxFixture(
            serverBlock: """
                location / {
                    proxy_pass http://\(server.address);
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_request_buffering off;
                }
                """)
        try await nginx.waitUntilReady()
        let client = HTTPClient()
        let (head, body) = try await client.send(HTTPClientRequest(url: "\(nginx.url)/hello"))
        #expect(head.status == .ok)
        #expect(String(decoding: body.readableView, as: UTF8.self) == "hello")
        let payload = ByteBuffer(bytes: (0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
        let (echoHead, echo) = try await client.send(
            HTTPClientRequest(url: "\(nginx.url)/echo", method: .post, body: .bytes(payload)))
        #expect(echoHead.status == .ok)
        #expect(echo == payload)
        let (streamHead, streamed) = try await client.send(HTTPClientRequest(url: "\(nginx.url)/stream"))
        #expect(streamHead.status == .ok)
        #expect(String(decoding: streamed.readableView, as: UTF8.self) == "line 0\nline 1\nline 2\n")
    }
}
