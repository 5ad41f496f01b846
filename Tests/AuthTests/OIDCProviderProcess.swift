import Foundation
import Subprocess
import TestSupport

/// The Python OIDC provider of `Tests/Fixtures/python/oidc_provider.py` (built on Authlib), running on a free
/// loopback port.
final class OIDCProviderProcess: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python/oidc_provider.py").path

    static let clientID = "swiftpod-test"
    static let clientSecret = "s3cret with spaces & symbols"
    static let redirectURL = "http://127.0.0.1:9/auth/oidc/callback"

    let process: ChildProcess
    let port: Int
    let logPath: String
    let directory: TemporaryDirectory
    let scheme: String

    var issuer: String { "\(scheme)://127.0.0.1:\(port)" }

    /// A user the provider signs in: `sub:email:preferred_username`.
    struct TestUser {
        let subject: String
        let email: String
        let username: String
    }

    private init(process: ChildProcess, port: Int, logPath: String, directory: TemporaryDirectory, scheme: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
        self.directory = directory
        self.scheme = scheme
    }

    /// Runs `body` with a provider that signs ID tokens with `algorithm`, and stops the provider afterwards.
    /// - Parameter tls: the certificate to serve HTTPS with (for 127.0.0.1); plain HTTP when nil.
    static func with<Result>(
        algorithm: String, users: [TestUser], tls: TestCertificateAuthority.Issued? = nil,
        _ body: (OIDCProviderProcess) async throws -> Result
    ) async throws -> Result {
        let provider = try await start(algorithm: algorithm, users: users, tls: tls)
        do {
            let result = try await body(provider)
            await provider.process.terminate(gracePeriod: .seconds(2))
            return result
        } catch {
            await provider.process.terminate(gracePeriod: .seconds(2))
            throw error
        }
    }

    private static func start(
        algorithm: String, users: [TestUser], tls: TestCertificateAuthority.Issued?
    ) async throws -> OIDCProviderProcess {
        let directory = try TemporaryDirectory(prefix: "swiftpod-oidc")
        let logPath = directory.path + "/provider.log"
        var arguments = [
            "python3", script, "--alg", algorithm, "--client-id", clientID, "--client-secret", clientSecret,
            "--redirect-uri", redirectURL,
        ]
        for user in users { arguments += ["--user", "\(user.subject):\(user.email):\(user.username)"] }
        if let tls { arguments += ["--tls-cert", tls.certificatePath, "--tls-key", tls.keyPath] }
        let process = try ChildProcess(executable: "/usr/bin/env", arguments: arguments, outputPath: logPath)
        // Ready once it prints its port; polled, since the provider's start (Python, key generation) takes a moment.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
                let port = Int(line.dropFirst(5))
            {
                return OIDCProviderProcess(
                    process: process, port: port, logPath: logPath, directory: directory,
                    scheme: tls == nil ? "http" : "https")
            }
            guard process.isRunning else {
                throw TestTimeoutError(limit: .zero, context: "the OIDC provider \(process.exitDescription): \(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.terminate()
        throw TestTimeoutError(limit: .seconds(30), context: "the OIDC provider did not print its port")
    }

    /// What the provider logged.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}
