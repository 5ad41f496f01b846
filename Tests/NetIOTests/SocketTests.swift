import Basics
import Foundation
import NetIO
import TestSupport
import Testing

@Suite struct SocketTests {
    @Test func echoOverTCP() async throws {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let port = try #require(listener.address.port)
        #expect(port > 0)
        try await withTimeout {
            async let served: Void = {
                let connection = try await listener.accept()
                var buffer = ByteBuffer()
                while try await connection.read(into: &buffer) > 0 {
                    try await connection.write(buffer)
                    buffer.clear()
                }
                connection.close()
            }()
            let client = try await Socket.connect(to: listener.address)
            let payload = [UInt8](repeating: 7, count: 1 << 20)
            async let sent: Void = {
                try await client.write(payload)
                client.shutdownWrite()
            }()
            var received = ByteBuffer()
            try await readAtLeast(payload.count, from: client, into: &received)
            try await sent
            try await served
            #expect(received.readableArray == payload)
        }
    }

    @Test func echoOverUnixSocket() async throws {
        let directory = try TemporaryDirectory()
        let address = SocketAddress.unix(path: directory.path + "/echo.sock")
        let listener = try SocketListener(address: address)
        try await withTimeout {
            async let served: Void = {
                let connection = try await listener.accept()
                var buffer = ByteBuffer()
                _ = try await connection.read(into: &buffer)
                try await connection.write(buffer)
                connection.close()
            }()
            let client = try await Socket.connect(to: address)
            try await client.write(string: "hello")
            let answer = try await readToEnd(client)
            try await served
            #expect(answer == "hello")
        }
    }

    @Test func readDeadlineExpires() async throws {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let client = try await Socket.connect(to: listener.address)
        let server = try await listener.accept()
        let start = ContinuousClock.now
        let error = await #expect(throws: NetIOError.self) {
            try await withTimeout {
                var buffer = ByteBuffer()
                _ = try await server.read(into: &buffer, deadline: .now + .milliseconds(300))
            }
        }
        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        client.close()
    }

    @Test func cancellationEndsAWaitingRead() async throws {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let client = try await Socket.connect(to: listener.address)
        let server = try await listener.accept()
        let task = Task {
            var buffer = ByteBuffer()
            return try await server.read(into: &buffer)
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        client.close()
    }

    @Test func closingWakesAPendingAccept() async throws {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let task = Task { try await listener.accept() }
        try await Task.sleep(for: .milliseconds(50))
        listener.close()
        await #expect(throws: NetIOError.self) { try await task.value }
    }

    @Test func connectingToAClosedPortIsRefused() async throws {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let address = listener.address
        listener.close()
        await #expect(throws: NetIOError.self) { try await Socket.connect(to: address) }
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1:8080"),
        ("localhost:80", "127.0.0.1:80"),
        ("[::1]:9000", "[::1]:9000"),
        ("unix:/tmp/x.sock", "unix:/tmp/x.sock"),
        ("/run/y.sock", "unix:/run/y.sock"),
    ])
    func parsesAddresses(text: String, expected: String) throws {
        #expect(try SocketAddress(parsing: text).description == expected)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000", "[::1", "unix:"])
    func refusesBadAddresses(text: String) {
        #expect(throws: NetIOError.self) { try SocketAddress(parsing: text) }
    }
}
