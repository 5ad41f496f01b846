import Basics
import Glibc
import HTTP
import HTTPClient
import TestSupport
import Testing

/// The client over TLS against a real HTTPS server (Python's `http.server` in `ssl`) with a throwaway CA.
@Suite struct HTTPSClientTests {
    /// Runs `body` with a server for `localhost` and 127.0.0.1, and a client that trusts its CA.
    private func withServer(
        tls12Only: Bool = false,
        _ body: @escaping @Sendable (_ server: TLSServerProcess, _ client: HTTPClient) async throws -> Void
    ) async throws {
        let authority = try await TestCertificateAuthority.make()
        let certificate = try await authority.issue("server")
        try await TLSServerProcess.with(certificate: certificate, tls12Only: tls12Only) { server in
            let client = HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [authority.certificatePath]))
            try await withTimeout { try await body(server, client) }
        }
    }

    @Test func getPostAndChunkedAnswers() async throws {
        try await withServer { server, client in
            let base = "https://localhost:\(server.port)"
            let (head, body) = try await client.send(HTTPClientRequest(url: "\(base)/hello"))
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "hello")

            let payload = ByteBuffer(bytes: (0..<20_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
            let (echoHead, echo) = try await client.send(
                HTTPClientRequest(url: "\(base)/echo", method: .post, body: .bytes(payload)))
            #expect(echoHead.status == .ok)
            #expect(echo == payload)

            // A streamed body goes out chunked.
            let (streamedHead, streamed) = try await client.send(
                HTTPClientRequest(
                    url: "\(base)/echo", method: .post,
                    body: .stream { writer in
                        for index in 0..<10 { try await writer.write(ByteBuffer(string: "part \(index);")) }
                    }))
            #expect(streamedHead.status == .ok)
            #expect(String(decoding: streamed.readableView, as: UTF8.self) == (0..<10).map { "part \($0);" }.joined())

            let (chunkedHead, chunked) = try await client.send(HTTPClientRequest(url: "\(base)/chunked?count=200"))
            #expect(chunkedHead.headers["Transfer-Encoding"] == "chunked")
            #expect(
                String(decoding: chunked.readableView, as: UTF8.self) == (0..<200).map { "chunk \($0)\n" }.joined())
        }
    }

    @Test func keepAliveReusesOneTLSConnection() async throws {
        try await withServer { server, client in
            var connections: Set<String> = []
            for _ in 0..<5 {
                let (head, _) = try await client.send(HTTPClientRequest(url: "https://localhost:\(server.port)/hello"))
                #expect(head.status == .ok)
                connections.insert(head.headers["X-Connection"] ?? "?")
            }
            #expect(connections == ["1"])
            // The same address under another name is another endpoint, so another connection.
            let (other, _) = try await client.send(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/hello"))
            #expect(other.status == .ok)
            #expect(other.headers["X-Connection"] == "2")
        }
    }

    @Test func aPooledConnectionTheServerClosedIsReplaced() async throws {
        let authority = try await TestCertificateAuthority.make()
        let certificate = try await authority.issue("server")
        try await TLSServerProcess.with(certificate: certificate, idleTimeout: .milliseconds(200)) { server in
            let client = HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [authority.certificatePath]))
            let url = "https://localhost:\(server.port)/hello"
            let (first, _) = try await client.send(HTTPClientRequest(url: url))
            #expect(first.headers["X-Connection"] == "1")
            // Closed by the server under a second: the request goes out on the dead connection, and is retried.
            try await Task.sleep(for: .milliseconds(600))
            let (second, body) = try await client.send(HTTPClientRequest(url: url))
            #expect(second.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "hello")
            #expect(second.headers["X-Connection"] == "2")
            // Idle for over a second: the pool notices the close before sending.
            try await Task.sleep(for: .milliseconds(1200))
            let (third, _) = try await client.send(HTTPClientRequest(url: url))
            #expect(third.status == .ok)
            #expect(third.headers["X-Connection"] == "3")
        }
    }

    @Test func largeBodiesStreamBothWays() async throws {
        try await withServer { server, client in
            let size = 6 << 20
            let expected = repeatingPattern(count: size + 251)
            let response = try await client.execute(
                HTTPClientRequest(url: "https://localhost:\(server.port)/bytes?size=\(size)"))
            #expect(response.status == .ok)
            var received = 0
            var pieces = 0
            var intact = true
            while let piece = try await response.read() {
                intact = intact && sameBytes(piece, expected, at: received)
                received += piece.readableBytes
                pieces += 1
            }
            #expect(received == size)
            #expect(intact)
            #expect(pieces > 1, "the body arrives piece by piece, not whole")

            let upload = ByteBuffer(bytes: expected[7..<(3 << 20)])
            let (head, echo) = try await client.send(
                HTTPClientRequest(url: "https://localhost:\(server.port)/echo", method: .post, body: .bytes(upload)))
            #expect(head.status == .ok)
            #expect(echo.readableBytes == upload.readableBytes && sameBytes(echo, expected, at: 7))
        }
    }

    @Test func sendsTheServerNameAndNegotiatesHTTP11() async throws {
        try await withServer { server, client in
            let (head, _) = try await client.send(HTTPClientRequest(url: "https://localhost:\(server.port)/hello"))
            #expect(head.headers["X-SNI"] == "localhost")
            #expect(head.headers["X-ALPN"] == "http/1.1")
            #expect(head.headers["X-TLS-Version"] == "TLSv1.3")
        }
    }

    @Test func anIPAddressIsCheckedAgainstTheCertificatesAddressesAndNotSentAsServerName() async throws {
        try await withServer { server, client in
            let (head, body) = try await client.send(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/hello"))
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "hello")
            #expect(head.headers["X-SNI"] == "-")
        }
    }

    @Test func talksToATLS12Server() async throws {
        try await withServer(tls12Only: true) { server, client in
            let (head, echo) = try await client.send(
                HTTPClientRequest(
                    url: "https://localhost:\(server.port)/echo", method: .post, body: .bytes(ByteBuffer(string: "1.2"))
                ))
            #expect(head.status == .ok)
            #expect(String(decoding: echo.readableView, as: UTF8.self) == "1.2")
            let (hello, _) = try await client.send(HTTPClientRequest(url: "https://localhost:\(server.port)/hello"))
            #expect(hello.headers["X-TLS-Version"] == "TLSv1.2")
            #expect(hello.headers["X-ALPN"] == "http/1.1")
        }
    }

    @Test func closeNotifyEndsABodyDelimitedByTheClose() async throws {
        try await withServer { server, client in
            let (head, body) = try await client.send(
                HTTPClientRequest(url: "https://localhost:\(server.port)/until-close?notify=1"))
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "all of the body")
        }
    }

    @Test func aCloseWithoutCloseNotifyBeforeTheEndOfTheBodyIsATruncation() async throws {
        try await withServer { server, client in
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await client.send(HTTPClientRequest(url: "https://localhost:\(server.port)/until-close"))
            }
            #expect(error?.code == .connectionClosed)
            #expect(error?.message.contains("without TLS close_notify") == true)
        }
    }
}

/// `count` bytes where byte i is i % 251, as the test server's `/bytes` sends them.
private func repeatingPattern(count: Int) -> [UInt8] {
    let period = (0..<251).map { UInt8($0) }
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        var offset = 0
        while offset < count {
            let length = min(period.count, count - offset)
            period.withUnsafeBufferPointer { source in
                (buffer.baseAddress! + offset).initialize(from: source.baseAddress!, count: length)
            }
            offset += length
        }
        initialized = count
    }
}

/// Whether `piece` equals `expected` from `offset` on (with `memcmp`: a byte loop is slow in debug builds).
private func sameBytes(_ piece: ByteBuffer, _ expected: [UInt8], at offset: Int) -> Bool {
    guard offset + piece.readableBytes <= expected.count else { return false }
    return piece.withUnsafeReadableBytes { actual in
        expected.withUnsafeBytes { all in
            guard let base = actual.baseAddress else { return true }
            return memcmp(base, all.baseAddress! + offset, actual.count) == 0
        }
    }
}
