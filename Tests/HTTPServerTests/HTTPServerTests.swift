import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import Synchronization
import TestSupport
import Testing

@Suite struct HTTPServerTests {
    @Test func routesWithParametersAndWildcards() async throws {
        try await withServer(responder: testRouter()) { address in
            let client = HTTPClient()
            for (path, expected) in [
                ("/hello", "hello"), ("/users/42", "user 42"), ("/users/a%20b", "user a b"),
                ("/files/a/b/c.txt", "file a/b/c.txt"),
            ] {
                let (head, body) = try await client.send(HTTPClientRequest(url: "http://\(address)\(path)"))
                #expect(head.status == .ok)
                #expect(String(decoding: body.readableView, as: UTF8.self) == expected)
            }
            let (missing, missingBody) = try await client.send(HTTPClientRequest(url: "http://\(address)/nope"))
            #expect(missing.status == .notFound)
            #expect(String(decoding: missingBody.readableView, as: UTF8.self).contains("\"code\":\"not_found\""))
            let (wrongMethod, _) = try await client.send(
                HTTPClientRequest(url: "http://\(address)/hello", method: .delete))
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers["Allow"] == "GET")
            let (conflict, conflictBody) = try await client.send(HTTPClientRequest(url: "http://\(address)/fail"))
            #expect(conflict.status == .conflict)
            #expect(String(decoding: conflictBody.readableView, as: UTF8.self).contains("it conflicts"))
        }
    }

    @Test func keepAliveReusesOneConnection() async throws {
        try await withServer(responder: testRouter()) { address in
            let socket = try await Socket.connect(to: address)
            var buffer = ByteBuffer()
            for _ in 0..<3 {
                try await socket.write(string: "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                buffer.clear()
                while !String(decoding: buffer.readableView, as: UTF8.self).hasSuffix("hello") {
                    #expect(try await socket.read(into: &buffer) > 0)
                }
                #expect(String(decoding: buffer.readableView, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"))
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer(responder: testRouter()) { address in
            let requests =
                "GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd"
                + "GET /users/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let answer = try await exchangeRaw(requests, with: address)
            let first = try #require(answer.range(of: "user 1"))
            let second = try #require(answer.range(of: "abcd"))
            let third = try #require(answer.range(of: "user 3"))
            #expect(first.upperBound <= second.lowerBound && second.upperBound <= third.lowerBound)
            #expect(answer.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
        }
    }

    @Test func chunkedUploadAndChunkedResponse() async throws {
        try await withServer(responder: testRouter()) { address in
            let request =
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
            let answer = try await exchangeRaw(request, with: address)
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
            #expect(answer.hasSuffix("\r\n\r\nhello world"))

            let streamed = try await exchangeRaw(
                "GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", with: address)
            #expect(streamed.contains("Transfer-Encoding: chunked"))
            #expect(streamed.hasSuffix("7\r\npart 4\n\r\n0\r\n\r\n"))
        }
    }

    @Test func streamedResponseToHTTP10ClosesTheConnection() async throws {
        try await withServer(responder: testRouter()) { address in
            let answer = try await exchangeRaw("GET /stream HTTP/1.0\r\n\r\n", with: address)
            #expect(!answer.contains("chunked"))
            #expect(answer.contains("Connection: close"))
            #expect(answer.hasSuffix("part 0\npart 1\npart 2\npart 3\npart 4\n"))
        }
    }

    @Test func largeBodiesStreamThroughTheClient() async throws {
        try await withServer(responder: testRouter()) { address in
            let client = HTTPClient()
            let size = 8 << 20
            let request = try HTTPClientRequest(
                url: "http://\(address)/count", method: .post,
                body: .stream { writer in
                    let piece = ByteBuffer(bytes: [UInt8](repeating: 1, count: 64 * 1024))
                    for _ in 0..<(size / piece.readableBytes) { try await writer.write(piece) }
                })
            let (head, body) = try await client.send(request)
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == String(size))
        }
    }

    @Test func expectContinueIsAnsweredWhenTheHandlerReads() async throws {
        try await withServer(responder: testRouter()) { address in
            let socket = try await Socket.connect(to: address)
            try await socket.write(
                string: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
            var buffer = ByteBuffer()
            try await readAtLeast(25, from: socket, into: &buffer)
            #expect(String(decoding: buffer.readableView, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
            try await socket.write(string: "abc")
            buffer.clear()
            while !String(decoding: buffer.readableView, as: UTF8.self).hasSuffix("abc") {
                #expect(try await socket.read(into: &buffer) > 0)
            }
        }
    }

    @Test func unknownExpectationGets417() async throws {
        try await withServer(responder: testRouter()) { address in
            let answer = try await exchangeRaw(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: magic\r\n\r\nabc", with: address)
            #expect(answer.hasPrefix("HTTP/1.1 417 "))
        }
    }

    @Test func headGetsHeadersWithoutBody() async throws {
        try await withServer(responder: testRouter()) { address in
            let answer = try await exchangeRaw(
                "HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", with: address)
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
            #expect(answer.contains("Content-Length: 5"))
            #expect(answer.hasSuffix("\r\n\r\n"))
        }
    }

    @Test func unreadBodiesAreSkippedSoTheNextRequestParses() async throws {
        try await withServer(responder: testRouter()) { address in
            let requests =
                "POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
                + "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let answer = try await exchangeRaw(requests, with: address)
            #expect(answer.contains("ignored"))
            #expect(answer.hasSuffix("hello"))
        }
    }

    @Test func responseSplittingHeadersAreRefused() async throws {
        try await withServer(responder: testRouter()) { address in
            let answer = try await exchangeRaw(
                "GET /bad-header HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", with: address)
            #expect(answer.hasPrefix("HTTP/1.1 500 "))
            #expect(!answer.contains("Set-Cookie"))
        }
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 40000))\r\n\r\n", 431),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 413),
    ])
    func malformedRequestsGetTheirStatus(request: String, status: Int) async throws {
        try await withServer(responder: testRouter()) { address in
            let answer = try await exchangeRaw(request, with: address)
            #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "got: \(answer.prefix(80))")
            #expect(answer.contains("Connection: close"))
        }
    }

    @Test func slowHeadersTimeOutWith408WhileOthersAreServed() async throws {
        try await withServer(
            configure: { $0.headerTimeout = .milliseconds(500) }, responder: testRouter()
        ) { address in
            let slow = try await Socket.connect(to: address)
            try await slow.write(string: "GET /hello HTTP/1.1\r\nHost: x\r\n")
            // Another client is served while the slow one dawdles.
            let (head, _) = try await HTTPClient().send(HTTPClientRequest(url: "http://\(address)/hello"))
            #expect(head.status == .ok)
            let answer = try await withTimeout { try await readToEnd(slow) }
            #expect(answer.hasPrefix("HTTP/1.1 408 "))
        }
    }

    @Test func idleConnectionsAreClosedQuietly() async throws {
        try await withServer(configure: { $0.idleTimeout = .milliseconds(300) }, responder: testRouter()) { address in
            let idle = try await Socket.connect(to: address)
            let answer = try await withTimeout { try await readToEnd(idle) }
            #expect(answer.isEmpty)
        }
    }

    @Test func connectionLimitHoldsNewClientsUntilASlotFrees() async throws {
        try await withServer(configure: { $0.maxConnections = 1 }, responder: testRouter()) { address in
            let first = try await Socket.connect(to: address)
            try await first.write(string: "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            var buffer = ByteBuffer()
            _ = try await first.read(into: &buffer)
            let finished = Atomic<Bool>(false)
            let second = Task {
                defer { finished.store(true, ordering: .relaxed) }
                return try await HTTPClient().send(HTTPClientRequest(url: "http://\(address)/hello"))
            }
            try await Task.sleep(for: .milliseconds(300))
            // The only slot is taken by the first connection, so the second client is not served yet.
            let servedWhileFull = finished.load(ordering: .relaxed)
            #expect(!servedWhileFull)
            first.close()
            let (head, _) = try await withTimeout { try await second.value }
            #expect(head.status == .ok)
        }
    }

    @Test func gracefulShutdownFinishesRequestsInFlight() async throws {
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let (proceed, proceedSignal) = AsyncStream<Void>.makeStream()
        var router = Router()
        router.get("/slow") { _, _ in
            startedSignal.yield()
            for await _ in proceed { break }
            return .text("slow done")
        }
        var configuration = HTTPServerConfiguration(address: try SocketAddress(parsing: "127.0.0.1:0"))
        configuration.shutdownGracePeriod = .seconds(5)
        let server = HTTPServer(configuration: configuration, responder: router.responder(), logger: .disabled)
        let address = try await server.bind()
        let running = Task { try await server.run() }
        let idle = try await Socket.connect(to: address)
        let inFlight = Task { try await HTTPClient().send(HTTPClientRequest(url: "http://\(address)/slow")) }
        for await _ in started { break }
        await server.shutdown()
        proceedSignal.yield()
        let (head, body) = try await inFlight.value
        #expect(head.status == .ok)
        #expect(String(decoding: body.readableView, as: UTF8.self) == "slow done")
        #expect(head.headers["Connection"] == "close")
        #expect(try await withTimeout { try await readToEnd(idle) }.isEmpty)
        try await withTimeout { try await running.value }
        await #expect(throws: NetIOError.self) { try await Socket.connect(to: address) }
    }

    @Test func upgradeHandsOverTheConnection() async throws {
        var router = Router()
        router.get("/upgrade") { _, _ in echoUpgradeResponse(protocol: "echo") }
        try await withServer(responder: router.responder()) { address in
            let request = try HTTPClientRequest(
                url: "http://\(address)/upgrade", headers: ["Connection": "Upgrade", "Upgrade": "echo"])
            let response = try await HTTPClient().execute(request)
            #expect(response.status == .switchingProtocols)
            let (stream, leftover) = try response.takeUpgradedStream()
            #expect(leftover.isEmpty)
            try await stream.write(string: "ping")
            var buffer = ByteBuffer()
            try await readAtLeast(4, from: stream, into: &buffer)
            #expect(String(decoding: buffer.readableView, as: UTF8.self) == "ping")
            stream.close()
        }
    }
}
