import Basics
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import TestSupport
import Testing

/// What the client refuses over TLS, and the messages it gives.
@Suite struct TLSVerificationTests {
    /// The error of a GET to `url` with `client`.
    private func failure(of url: String, client: HTTPClient) async -> HTTPClientError? {
        await #expect(throws: HTTPClientError.self) {
            _ = try await withTimeout { try await client.send(HTTPClientRequest(url: url)) }
        }
    }

    @Test func refusesACertificateFromAnUnknownCA() async throws {
        let serverAuthority = try await TestCertificateAuthority.make(commonName: "Unknown CA")
        let trustedAuthority = try await TestCertificateAuthority.make()
        let certificate = try await serverAuthority.issue("server")
        try await TLSServerProcess.with(certificate: certificate) { server in
            let url = "https://localhost:\(server.port)/hello"
            for client in [
                HTTPClient(),
                HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [trustedAuthority.certificatePath])),
            ] {
                let error = await failure(of: url, client: client)
                #expect(error?.code == .certificateNotTrusted)
                #expect(
                    error?.message
                        == "the certificate of localhost is not trusted: unable to get local issuer certificate")
            }
        }
    }

    @Test func refusesACertificateForAnotherHost() async throws {
        let authority = try await TestCertificateAuthority.make()
        let certificate = try await authority.issue("other", dnsNames: ["other.example"], ipAddresses: ["127.0.0.2"])
        try await TLSServerProcess.with(certificate: certificate) { server in
            let client = HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [authority.certificatePath]))
            let byName = await failure(of: "https://localhost:\(server.port)/hello", client: client)
            #expect(byName?.code == .certificateNotTrusted)
            #expect(byName?.message == "the certificate of localhost is not trusted: hostname mismatch")
            let byAddress = await failure(of: "https://127.0.0.1:\(server.port)/hello", client: client)
            #expect(byAddress?.code == .certificateNotTrusted)
            #expect(byAddress?.message == "the certificate of 127.0.0.1 is not trusted: IP address mismatch")
        }
    }

    @Test func refusesAnExpiredCertificate() async throws {
        let authority = try await TestCertificateAuthority.make()
        let certificate = try await authority.issue("expired", days: -1)
        try await TLSServerProcess.with(certificate: certificate) { server in
            let client = HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [authority.certificatePath]))
            let error = await failure(of: "https://localhost:\(server.port)/hello", client: client)
            #expect(error?.code == .certificateNotTrusted)
            #expect(error?.message == "the certificate of localhost is not trusted: certificate has expired")
        }
    }

    @Test func aMissingOrInvalidTrustRootFileIsNamed() async throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing.pem"
        let missingError = await failure(
            of: "https://127.0.0.1:9/", client: HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [missing])))
        #expect(missingError?.code == .invalidTLSConfiguration)
        #expect(missingError?.message.contains(missing) == true)

        let garbage = directory.path + "/garbage.pem"
        try "not a certificate\n".write(toFile: garbage, atomically: false, encoding: .utf8)
        let garbageError = await failure(
            of: "https://127.0.0.1:9/", client: HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [garbage])))
        #expect(garbageError?.code == .invalidTLSConfiguration)
        #expect(garbageError?.message.contains(garbage) == true)
    }

    @Test func aServerThatDoesNotSpeakTLSFailsTheHandshakeClearly() async throws {
        let server = try await RunningServer.start(plainRouter())
        let error = await failure(of: "https://\(server.address)/hello", client: HTTPClient())
        #expect(error?.code == .tlsFailed)
        #expect(
            error?.message.hasPrefix("the TLS handshake with 127.0.0.1 failed: ") == true,
            "\(String(describing: error))")
        await server.stop()
    }

    @Test func aServerThatNeverAnswersTheHandshakeTimesOut() async throws {
        // The kernel completes the TCP handshake into the backlog; nothing ever answers the ClientHello.
        let silent = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        let client = HTTPClient(configuration: HTTPClient.Configuration(connectTimeout: .milliseconds(300)))
        let start = ContinuousClock.now
        let error = await failure(of: "https://\(silent.address)/", client: client)
        #expect(error?.code == .timedOut)
        #expect(error?.message.contains("TLS handshake") == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - start < TestTimeout.short)
        silent.close()
    }

    @Test func plainHTTPStillWorksOnAClientConfiguredForTLS() async throws {
        let server = try await RunningServer.start(plainRouter())
        let authority = try await TestCertificateAuthority.make()
        let client = HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [authority.certificatePath]))
        let (head, body) = try await client.send(HTTPClientRequest(url: "\(server.url)/hello"))
        #expect(head.status == .ok)
        #expect(String(decoding: body.readableView, as: UTF8.self) == "hello")
        await server.stop()
    }

    @Test func upgradesAndRawStreamsOverTLSAreRefused() async throws {
        let client = HTTPClient()
        let upgrade = await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(
                HTTPClientRequest(
                    url: "https://127.0.0.1:9/ws", headers: ["Connection": "Upgrade", "Upgrade": "websocket"]))
        }
        #expect(upgrade?.code == .unsupported)
        let tunnel = await #expect(throws: HTTPClientError.self) {
            _ = try await client.connect(.tls(.ipv4(host: "127.0.0.1", port: 9), serverName: "127.0.0.1"))
        }
        #expect(tunnel?.code == .unsupported)
    }

    private func plainRouter() -> any HTTPResponder {
        var router = Router()
        router.get("/hello") { _, _ in .text("hello") }
        return router.responder()
    }
}
