import Basics
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import Supervisor
import TestSupport
import Testing

@Suite struct TunnelTests {
    @Test(arguments: [
        ("127.0.0.1:8080", SocketAddress.ipv4(host: "127.0.0.1", port: 8080)),
        ("localhost:3000", .ipv4(host: "127.0.0.1", port: 3000)),
        ("LOCALHOST:1", .ipv4(host: "127.0.0.1", port: 1)),
        ("[::1]:65535", .ipv6(host: "::1", port: 65535)),
    ])
    func acceptsLoopbackTargets(authority: String, expected: SocketAddress) throws {
        #expect(try TunnelTarget.address(for: authority) == expected)
    }

    @Test(arguments: ["10.88.0.1:80", "example.com:443", "0.0.0.0:80", "[::]:80", "127.0.0.2:80", "[fe80::1]:22"])
    func refusesOtherHosts(authority: String) {
        #expect(statusOf(authority) == 403)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:http", "[::1", "", ":80"])
    func rejectsMalformedTargets(authority: String) {
        #expect(statusOf(authority) == (authority == ":80" ? 403 : 400))
    }

    @Test func reachesALoopbackServerThroughTheSupervisorSocket() async throws {
        var router = Router()
        router.post("/echo") { request, _ in
            HTTPResponse(body: .bytes(try await request.body.collect(maxBytes: 1 << 20)))
        }
        let app = HTTPServer(
            configuration: HTTPServerConfiguration(address: try SocketAddress(parsing: "127.0.0.1:0")),
            responder: router.responder(), logger: .disabled)
        let appAddress = try await app.bind()
        let appTask = Task { try await app.run() }
        let harness = try await SupervisorHarness.start()
        let client = HTTPClient()
        for index in 0..<3 {
            let (head, body) = try await client.send(
                HTTPClientRequest(
                    endpoint: .tunnel(unixPath: harness.socketPath, target: appAddress.description), method: .post,
                    target: "/echo", headers: ["Host": "app"], body: .bytes(ByteBuffer(string: "through \(index)"))))
            #expect(head.status == .ok)
            #expect(String(decoding: body.readableView, as: UTF8.self) == "through \(index)")
        }
        client.closeIdleConnections()
        try await harness.stop()
        await app.shutdown()
        _ = try? await appTask.value
    }

    @Test func refusesTargetsOutsideTheWorkspaceWith403() async throws {
        let harness = try await SupervisorHarness.start()
        let socket = try await Socket.connect(to: .unix(path: harness.socketPath))
        try await socket.write(string: "CONNECT 10.88.0.2:80 HTTP/1.1\r\nHost: 10.88.0.2:80\r\n\r\n")
        var buffer = ByteBuffer()
        try await readAtLeast(12, from: socket, into: &buffer)
        #expect(String(decoding: buffer.readableView, as: UTF8.self).hasPrefix("HTTP/1.1 403"))
        socket.close()
        try await harness.stop()
    }

    @Test func answers502WhenNothingListens() async throws {
        let harness = try await SupervisorHarness.start()
        let response = try await HTTPClient().execute(
            HTTPClientRequest(endpoint: .unix(path: harness.socketPath), method: .connect, target: "127.0.0.1:1"))
        #expect(response.status.code == 502)
        try await harness.stop()
    }
}

private func statusOf(_ authority: String) -> Int {
    do {
        _ = try TunnelTarget.address(for: authority)
        return 200
    } catch let error as HTTPError {
        return error.status.code
    } catch {
        return -1
    }
}
