import Foundation
import SwiftpodClient

/// Where a client command connects and with which token: `SWIFTPOD_URL` and `SWIFTPOD_TOKEN` first, then what
/// `swiftpod login` stored.
struct ClientConnection: Sendable, Equatable {
    var server: ServerURL
    var token: String

    /// The connection an environment describes.
    /// - Throws: `ClientCommandError` telling the user to run `swiftpod login` when there is no URL or no token, or
    ///   naming the bad URL.
    static func resolve(environment: [String: String]) throws -> ClientConnection {
        let stored = try StoredCredentials.load(from: try StoredCredentials.path(environment: environment))
        let url = environment["SWIFTPOD_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? stored?.url
        let token = environment["SWIFTPOD_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? stored?.token
        guard let url, let token else {
            throw ClientCommandError("not signed in: run 'swiftpod login URL' (or set SWIFTPOD_URL and SWIFTPOD_TOKEN)")
        }
        let server: ServerURL
        do {
            server = try ServerURL(url)
        } catch {
            let fromEnvironment = !(environment["SWIFTPOD_URL"] ?? "").isEmpty
            throw ClientCommandError("\(error) (the \(fromEnvironment ? "SWIFTPOD_URL" : "stored") server URL)")
        }
        return ClientConnection(server: server, token: token)
    }

    /// A client for this connection.
    var client: APIClient {
        APIClient(server: server, credential: .bearer(token))
    }

    /// Runs `body` with a client of the environment's connection; a refused token gets a hint to sign in again.
    static func run<Result>(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (APIClient) async throws -> Result
    ) async throws -> Result {
        let client = try resolve(environment: environment).client
        do {
            return try await body(client)
        } catch let error as APIClientError where error.isUnauthenticated {
            throw ClientCommandError("\(error.message) (run 'swiftpod login' to sign in again)")
        }
    }
}
