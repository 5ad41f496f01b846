import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import ReverseProxy
import TestSupport
import Testing

/// The upstream the proxy tests forward to: it reports what it received.
private func upstreamRouter() -> any HTTPResponder {
    var router = Router()
    router.get("/headers") { request, _ in
        let lines = request.headers.map { "\($0.name.lowercased()): \($0.value)" }.sorted()
        return .text(lines.joined(separator: "\n"))
    }
    router.post("/echo") { request, _ in
        HTTPResponse(body: .bytes(try await request.body.collect(maxBytes: 64 << 20)))
    }
    router.get("/big") { _, _ in
        HTTPResponse(body: .bytes(ByteBuffer(bytes: [UInt8](repeating: 65, count: 1 << 20))))
    }
    router.get("/events") { _, _ in
        HTTPResponse(
            headers: ["Content-Type": "text/event-stream"],
            body: .stream { writer in
                for index in 0..<3 {
                    try await writer.write("data: event \(index)\n\n")
                    try await Task.sleep(for: .milliseconds(100))
                }
            })
    }
    router.get("/slow") { _, _ in
        try await Task.sleep(for: .seconds(3))
        return .text("late")
    }
    router.get("/ws") { _, _ in echoUpgradeResponse(protocol: "websocket") }
    return router.responder()
}

/// Runs `body` with a proxy (its address given) in front of the upstream router, then stops both.
private func withProxy(
    configuration: ReverseProxy.Configuration = ReverseProxy.Configuration(),
    _ body: @Sendable (SocketAddress) async throws -> Void
) async throws {
    let upstream = try await RunningServer.start(upstreamRouter())
    let proxy = try await RunningServer.start(
        ReverseProxy(upstream: .tcp(upstream.address), configuration: configuration))
    do {
        try await body(proxy.address)
    } catch {
        await proxy.stop()
        await upstream.stop()
        throw error
    }
    await proxy.stop()
    await upstream.stop()
}

@Suite struct ReverseProxyTests {
    @Test func forwardsWithForwardedHeadersAndWithoutHopByHopOnes() async throws {
        try await withProxy { proxyAddress in
            let request = try HTTPClientRequest(
                url: "http://\(proxyAddress)/headers",
                headers: [
                    "Host": "app.example", "Connection": "keep-alive, X-Secret", "X-Secret": "hop", "Keep-Alive": "5",
                    "X-Custom": "kept", "X-Forwarded-For": "10.1.1.1",
                ])
            let (head, body) = try await HTTPClient().send(request)
            let seen = String(decoding: body.readableView, as: UTF8.self)
            #expect(head.status == .ok)
            #expect(seen.contains("x-custom: kept"))
            #expect(seen.contains("host: app.example"))
            #expect(seen.contains("x-forwarded-for: 10.1.1.1, 127.0.0.1"))
            #expect(seen.contains("x-forwarded-host: app.example"))
            #expect(seen.contains("x-forwarded-proto: http"))
            #expect(!seen.contains("x-secret"))
            #expect(!seen.contains("keep-alive"))
        }
    }

    @Test func streamsLargeBodiesBothWays() async throws {
        try await withProxy { proxyAddress in
            let client = HTTPClient()
            let payload = [UInt8](
                try #require(FileHandle(forReadingAtPath: "/dev/urandom")).readData(ofLength: 3 << 20))
            let chunked = try HTTPClientRequest(
                url: "http://\(proxyAddress)/echo", method: .post,
                body: .stream { writer in
                    var offset = 0
                    while offset < payload.count {
                        let end = min(offset + 100_000, payload.count)
                        try await writer.write(ByteBuffer(bytes: payload[offset..<end]))
                        offset = end
                    }
                })
            let (head, body) = try await client.send(chunked)
            #expect(head.status == .ok)
            #expect(body.readableArray == payload)
            let (bigHead, big) = try await client.send(HTTPClientRequest(url: "http://\(proxyAddress)/big"))
            #expect(bigHead.status == .ok)
            #expect(big.readableBytes == 1 << 20)
        }
    }

    @Test func serverSentEventsArriveAsTheyAreSent() async throws {
        try await withProxy { proxyAddress in
            let response = try await HTTPClient().execute(HTTPClientRequest(url: "http://\(proxyAddress)/events"))
            #expect(response.headers["Content-Type"] == "text/event-stream")
            let start = ContinuousClock.now
            let first = try #require(try await response.read())
            // The first event comes before the upstream has finished (it takes 300 ms in all).
            #expect(ContinuousClock.now - start < .milliseconds(250))
            #expect(String(decoding: first.readableView, as: UTF8.self).contains("event 0"))
            var rest = first
            while let part = try await response.read() { rest.append(part) }
            #expect(String(decoding: rest.readableView, as: UTF8.self).contains("event 2"))
        }
    }

    @Test func webSocketUpgradesPassThrough() async throws {
        try await withProxy { proxyAddress in
            let request = try HTTPClientRequest(
                url: "http://\(proxyAddress)/ws", headers: ["Connection": "Upgrade", "Upgrade": "websocket"])
            let response = try await HTTPClient().execute(request)
            #expect(response.status == .switchingProtocols)
            #expect(response.headers["Upgrade"] == "websocket")
            let (stream, _) = try response.takeUpgradedStream()
            try await stream.write(string: "through the proxy")
            var buffer = ByteBuffer()
            try await withTimeout { [stream] in
                var local = ByteBuffer()
                try await readAtLeast(17, from: stream, into: &local)
                return local
            }.readableView.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
            #expect(String(decoding: buffer.readableView, as: UTF8.self) == "through the proxy")
            stream.close()
        }
    }

    @Test func unreachableUpstreamGets502() async throws {
        let closed = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let address = closed.address
        closed.close()
        let proxy = try await RunningServer.start(ReverseProxy(upstream: .tcp(address)))
        defer { Task { await proxy.stop() } }
        let (head, body) = try await HTTPClient().send(HTTPClientRequest(url: "http://\(proxy.address)/x"))
        #expect(head.status == .badGateway)
        #expect(String(decoding: body.readableView, as: UTF8.self).contains("bad_gateway"))
    }

    @Test func slowUpstreamGets504() async throws {
        try await withProxy(configuration: ReverseProxy.Configuration(responseTimeout: .milliseconds(500))) {
            proxyAddress in
            let (head, _) = try await HTTPClient().send(HTTPClientRequest(url: "http://\(proxyAddress)/slow"))
            #expect(head.status == .gatewayTimeout)
        }
    }

    @Test func reachesAPortThroughAConnectTunnelOnAUnixSocket() async throws {
        // The upstream app listens on loopback; a CONNECT server on a unix socket stands where a workspace's
        // supervisor stands, and the proxy reaches the app only through it.
        let app = try await RunningServer.start(upstreamRouter())
        let directory = try TemporaryDirectory()
        let socketPath = directory.path + "/supervisor.sock"
        let tunnel = ClosureResponder { request, _ in
            guard request.method == .connect else { throw HTTPError.badRequest("CONNECT only") }
            let target = try SocketAddress(parsing: request.head.target)
            let upstream = try await Socket.connect(to: target)
            return HTTPResponse(
                status: .ok,
                body: .upgrade { client, leftover in
                    await ByteStreamSplice.run(client, upstream, pendingForSecond: leftover)
                })
        }
        let supervisor = try await RunningServer.start(tunnel, address: .unix(path: socketPath))
        let proxy = try await RunningServer.start(
            ReverseProxy(upstream: .tunnel(unixPath: socketPath, target: app.address.description)))
        defer {
            Task {
                await proxy.stop(); await supervisor.stop(); await app.stop()
            }
        }
        let client = HTTPClient()
        for _ in 0..<3 {
            let (head, body) = try await client.send(
                HTTPClientRequest(
                    url: "http://\(proxy.address)/echo", method: .post, body: .bytes(ByteBuffer(string: "tunnelled"))))
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "tunnelled")
        }
    }
}
