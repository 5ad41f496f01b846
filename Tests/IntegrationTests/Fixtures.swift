import Basics
import Foundation
import HTTP
import HTTPServer
import NetIO
import TestSupport

/// Routes for the integration tests: echo, counting and streaming.
func integrationRouter() -> any HTTPResponder {
    var router = Router()
    router.get("/hello") { _, _ in .text("hello") }
    router.post("/echo") { request, _ in
        HTTPResponse(
            headers: ["Content-Type": "application/octet-stream"],
            body: .bytes(try await request.body.collect(maxBytes: 64 << 20)))
    }
    router.put("/count") { request, _ in
        var total = 0
        while let part = try await request.body.read() { total += part.readableBytes }
        return .text("\(total)")
    }
    router.get("/stream") { _, _ in
        HTTPResponse(body: .stream { writer in for index in 0..<3 { try await writer.write("line \(index)\n") } })
    }
    return router.responder()
}

/// A real nginx on a loopback port with its own configuration, stopped when the value is released.
final class NginxFixture: Sendable {
    let port: UInt16
    let directory: TemporaryDirectory
    let process: Process

    /// Starts nginx with `serverBlock` inside `http { server { listen PORT; ... } }`; `root` is the temp dir.
    init(serverBlock: String, files: [String: [UInt8]] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "nginx")
        port = try NginxFixture.freePort()
        let root = directory.path + "/root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + name)) }
        let config = """
            worker_processes 1;
            error_log \(directory.path)/error.log;
            pid \(directory.path)/nginx.pid;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(directory.path)/body;
                proxy_temp_path \(directory.path)/proxy;
                fastcgi_temp_path \(directory.path)/fastcgi;
                uwsgi_temp_path \(directory.path)/uwsgi;
                scgi_temp_path \(directory.path)/scgi;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root);
                    \(serverBlock)
                }
            }
            """
        try config.write(toFile: directory.path + "/nginx.conf", atomically: false, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", directory.path, "-c", directory.path + "/nginx.conf", "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        // nginx sets its own signal mask, so SIGTERM reaches it (and it stops its workers) even though children of
        // Swift's concurrency threads start with SIGTERM blocked.
        process.terminate()
        process.waitUntilExit()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Waits until nginx accepts connections.
    func waitUntilReady() async throws {
        if try await waitUntilAccepting(SocketAddress(parsing: "127.0.0.1:\(port)")) { return }
        let log = (try? String(contentsOfFile: directory.path + "/error.log", encoding: .utf8)) ?? ""
        throw TestTimeoutError(limit: TestTimeout.loopback, context: "nginx did not start: \(log)")
    }

    /// A port that was free a moment ago (bound and released by the kernel's choice).
    static func freePort() throws -> UInt16 {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        defer { listener.close() }
        return listener.address.port ?? 0
    }
}

/// Runs curl with `arguments` and returns its result; curl's exit status is part of it.
func curl(_ arguments: [String]) async throws -> ProcessResult {
    try await runProcess("/usr/bin/curl", ["--silent", "--show-error", "--max-time", "20"] + arguments)
}
