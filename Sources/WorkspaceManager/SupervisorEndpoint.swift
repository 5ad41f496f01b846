import Foundation
import HTTP
import HTTPClient

/// The workspace supervisor's HTTP API on its unix socket, as the manager uses it: readiness and activity.
struct SupervisorEndpoint: Sendable {
    let socketPath: String
    let client: HTTPClient
    /// How long one request may take.
    static let requestTimeout: Duration = .seconds(5)

    private struct Status: Decodable {
        var ready: Bool
    }

    private struct Activity: Decodable {
        var lastActivity: String
    }

    /// Whether every task has started (`GET /status`).
    func ready() async throws -> Bool {
        try decode(Status.self, try await get("/status")).ready
    }

    /// The last user activity (`GET /activity`).
    func lastActivity() async throws -> Date {
        let text = try decode(Activity.self, try await get("/activity")).lastActivity
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw WorkspaceManagerError(
                code: .runtimeFailure,
                message: "the supervisor at \(socketPath) reported the activity time \"\(text)\", which is not ISO 8601"
            )
        }
        return date
    }

    private func get(_ path: String) async throws -> [UInt8] {
        let request = HTTPClientRequest(
            endpoint: .unix(path: socketPath), method: .get, target: path, headers: ["Host": "supervisor"])
        let (head, body) = try await client.send(
            request, maxBytes: 1 << 20, deadline: .now + Self.requestTimeout)
        guard head.status.code == 200 else {
            throw WorkspaceManagerError(
                code: .runtimeFailure,
                message: "the supervisor at \(socketPath) answered GET \(path) with status \(head.status.code)")
        }
        return body.readableArray
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8]) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw WorkspaceManagerError(
                code: .runtimeFailure,
                message: "the supervisor at \(socketPath) answered with JSON this manager does "
                    + "not understand", underlying: error)
        }
    }
}
