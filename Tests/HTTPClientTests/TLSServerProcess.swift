import Foundation
import Subprocess
import TestSupport

/// The HTTPS server of `Tests/Fixtures/python/tls_http_server.py` (Python's `http.server` in `ssl`), on a free
/// loopback port, serving a given certificate.
final class TLSServerProcess: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python/tls_http_server.py").path

    let process: ChildProcess
    let port: Int
    let directory: TemporaryDirectory

    private init(process: ChildProcess, port: Int, directory: TemporaryDirectory) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// What the server logged: its requests and failed handshakes.
    var log: String { (try? String(contentsOfFile: directory.path + "/server.log", encoding: .utf8)) ?? "" }

    /// Runs `body` with a server presenting `certificate`, and stops the server afterwards.
    /// - Parameters:
    ///   - idleTimeout: how long the server keeps an idle connection open; for ever when nil.
    ///   - tls12Only: whether the server refuses TLS 1.3.
    static func with<Result>(
        certificate: TestCertificateAuthority.Issued, idleTimeout: Duration? = nil, tls12Only: Bool = false,
        _ body: (TLSServerProcess) async throws -> Result
    ) async throws -> Result {
        let server = try await start(certificate: certificate, idleTimeout: idleTimeout, tls12Only: tls12Only)
        do {
            let result = try await body(server)
            await server.process.terminate(gracePeriod: .seconds(2))
            return result
        } catch {
            await server.process.terminate(gracePeriod: .seconds(2))
            throw error
        }
    }

    private static func start(
        certificate: TestCertificateAuthority.Issued, idleTimeout: Duration?, tls12Only: Bool
    ) async throws -> TLSServerProcess {
        let directory = try TemporaryDirectory(prefix: "swiftpod-tls-server")
        let logPath = directory.path + "/server.log"
        var arguments = ["python3", script, "--cert", certificate.certificatePath, "--key", certificate.keyPath]
        if let idleTimeout {
            let seconds = Double(idleTimeout.components.seconds) + Double(idleTimeout.components.attoseconds) / 1e18
            arguments += ["--idle-timeout", String(seconds)]
        }
        if tls12Only { arguments.append("--tls12-only") }
        let process = try ChildProcess(executable: "/usr/bin/env", arguments: arguments, outputPath: logPath)
        let deadline = ContinuousClock.now + TestTimeout.loopback
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
                let port = Int(line.dropFirst(5))
            {
                return TLSServerProcess(process: process, port: port, directory: directory)
            }
            guard process.isRunning else {
                throw TestTimeoutError(limit: .zero, context: "the TLS server \(process.exitDescription): \(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        await process.terminate()
        throw TestTimeoutError(limit: TestTimeout.loopback, context: "the TLS server did not print its port")
    }
}
