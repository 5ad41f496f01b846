import Auth
import Foundation
import Store
import SwiftpodClient
import SwiftpodServer
import TestSupport

/// `SwiftpodServer` in-process on a loopback port over a temporary data directory, with no engine (the workspace
/// routes answer 503), and clients of it.
struct ClientServerFixture: Sendable {
    let directory: TemporaryDirectory
    let services: SwiftpodServices
    let running: RunningServer

    /// Runs `body` with a fresh server.
    static func with(_ body: @Sendable (ClientServerFixture) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-client")
        let configuration = ServerConfiguration(dataDirectory: directory.path + "/data")
        let services = try await SwiftpodServices.open(
            configuration: configuration, logger: .disabled, hasher: PasswordHasher(iterations: 1_000))
        let running = try await RunningServer.start(SwiftpodServer(services: services).responder())
        let fixture = ClientServerFixture(directory: directory, services: services, running: running)
        do {
            try await body(fixture)
        } catch {
            await running.stop()
            await services.close()
            throw error
        }
        await running.stop()
        await services.close()
    }

    var server: ServerURL {
        get throws { try ServerURL(running.url) }
    }

    /// A client with `credential`.
    func client(_ credential: APIClient.Credential = .none) throws -> APIClient {
        APIClient(server: try server, credential: credential, timeout: TestTimeout.loopback)
    }

    /// Creates a user with the password `correct horse` and returns a client with a token of theirs.
    func signedInClient(_ username: String) async throws -> APIClient {
        let user = try await services.accounts.createUser(username: username, password: "correct horse", role: .member)
        let token = try await services.accessTokens.create(userID: user.id, name: "test", lifetime: .never).token
        return try client(.bearer(token))
    }
}
