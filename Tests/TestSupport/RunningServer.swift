import Basics
import HTTP
import HTTPServer
import NetIO

/// An HTTP server on a loopback port (or the given address), running until `stop()`.
public struct RunningServer: Sendable {
    public let address: SocketAddress
    public let server: HTTPServer
    let task: Task<Void, any Error>

    public static func start(
        _ responder: any HTTPResponder, address: SocketAddress? = nil,
        configure: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) async throws -> RunningServer {
        var configuration = HTTPServerConfiguration(address: try address ?? SocketAddress(parsing: "127.0.0.1:0"))
        configure(&configuration)
        let server = HTTPServer(configuration: configuration, responder: responder, logger: .disabled)
        let bound = try await server.bind()
        return RunningServer(address: bound, server: server, task: Task { try await server.run() })
    }

    /// `http://HOST:PORT` for a TCP server.
    public var url: String { "http://\(address)" }

    /// Shuts the server down gracefully and waits for it.
    public func stop() async {
        await server.shutdown()
        _ = try? await task.value
    }

    /// Shuts the server down and rethrows what `run()` threw, if anything.
    public func stopAndCheck() async throws {
        await server.shutdown()
        try await task.value
    }
}

/// A 101 answer that turns the connection into an echo of raw bytes, for upgrade tests.
public func echoUpgradeResponse(protocol name: String) -> HTTPResponse {
    HTTPResponse(
        status: .switchingProtocols, headers: ["Upgrade": name, "Connection": "Upgrade"],
        body: .upgrade { stream, leftover in
            try await stream.write(leftover)
            var buffer = ByteBuffer()
            while try await stream.read(into: &buffer) > 0 {
                try await stream.write(buffer)
                buffer.clear()
            }
        })
}
