import Basics
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import TestSupport

/// Runs an HTTP server on a loopback port for the duration of `body`, then shuts it down.
func withServer(
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    responder: any HTTPResponder,
    _ body: @Sendable (SocketAddress) async throws -> Void
) async throws {
    let running = try await RunningServer.start(responder, configure: configure)
    do {
        try await body(running.address)
    } catch {
        await running.stop()
        throw error
    }
    try await running.stopAndCheck()
}

/// Sends raw bytes on a fresh connection and returns everything the server writes until it closes.
func exchangeRaw(_ text: String, with address: SocketAddress, halfClose: Bool = false) async throws -> String {
    let socket = try await Socket.connect(to: address)
    try await socket.write(string: text)
    if halfClose { socket.shutdownWrite() }
    return try await withTimeout { try await readToEnd(socket) }
}

/// A router with the handlers the server tests use.
func testRouter() -> any HTTPResponder {
    var router = Router()
    router.get("/hello") { _, _ in .text("hello") }
    router.get("/users/:id") { _, context in .text("user \(try context.parameter("id"))") }
    router.get("/files/*path") { _, context in .text("file \(try context.parameter("path"))") }
    router.post("/echo") { request, _ in
        let body = try await request.body.collect(maxBytes: 8 << 20)
        return HTTPResponse(status: .ok, body: .bytes(body))
    }
    router.post("/count") { request, _ in
        var total = 0
        while let part = try await request.body.read() { total += part.readableBytes }
        return .text("\(total)")
    }
    router.post("/ignore-body") { _, _ in .text("ignored") }
    router.get("/stream") { _, _ in
        HTTPResponse(
            body: .stream { writer in
                for index in 0..<5 { try await writer.write("part \(index)\n") }
            })
    }
    router.get("/slow") { _, _ in
        try await Task.sleep(for: .milliseconds(300))
        return .text("slow done")
    }
    router.get("/bad-header") { _, _ in
        HTTPResponse(status: .ok, headers: ["X-Injected": "a\r\nSet-Cookie: x=1"], body: .empty)
    }
    router.get("/fail") { _, _ in throw HTTPError(.conflict, message: "it conflicts") }
    return router.responder()
}
