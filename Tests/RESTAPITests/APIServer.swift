import Auth
import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import RESTAPI
import Store
import TestSupport
import WorkspaceManager

/// The workspace routes behind the real `AuthenticationMiddleware` on a loopback HTTP server, with two users,
/// ada and bob, and a personal access token each.
struct APIServer: Sendable {
    let running: RunningServer
    let api: WorkspaceAPI
    /// What `register(on:)` added to the router.
    let routes: [WorkspaceAPI.RegisteredRoute]
    let adaToken: String
    let bobToken: String
    let client = HTTPClient()

    /// A response, its body read in full.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String

        /// The body as a JSON object.
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// The body as a JSON array of objects.
        var array: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
        }

        /// The message of the error envelope, or nil when the body is not one.
        var errorMessage: String? {
            (object["error"] as? [String: Any])?["message"] as? String
        }

        /// The code of the error envelope.
        var errorCode: String? {
            (object["error"] as? [String: Any])?["code"] as? String
        }
    }

    static func start(
        store: SQLiteStore, manager: WorkspaceManager, creator: WorkspaceCreator,
        publicURL: String = "http://localhost:8080"
    ) async throws -> APIServer {
        let ada = User(id: "u-ada", username: "ada", displayName: "Ada", email: "ada@example.com", createdAt: Date())
        let bob = User(id: "u-bob", username: "bob", displayName: "Bob", email: "bob@example.com", createdAt: Date())
        try await store.createUser(ada)
        try await store.createUser(bob)
        let tokens = AccessTokens(store: store)
        let adaToken = try await tokens.create(userID: ada.id, name: "test", lifetime: .never).token
        let bobToken = try await tokens.create(userID: bob.id, name: "test", lifetime: .never).token
        let api = try WorkspaceAPI(
            WorkspaceAPIDependencies(
                store: store, manager: manager, creator: creator, publicURL: publicURL,
                defaultInactivityTimeout: { try await store.defaultInactivityTimeout(userID: $0) }))
        var router = Router()
        router.add(
            middleware: AuthenticationMiddleware(
                authenticator: Authenticator(
                    accessTokens: tokens, sessions: Sessions(store: store), cookie: SessionCookie(secure: false))))
        let routes = api.register(on: &router)
        let running = try await RunningServer.start(router.responder())
        return APIServer(running: running, api: api, routes: routes, adaToken: adaToken, bobToken: bobToken)
    }

    func stop() async {
        client.closeIdleConnections()
        await api.shutdown()
        await running.stop()
    }

    /// Sends a request with `token` (none when nil) and reads the whole answer.
    func send(
        _ method: HTTPMethod, _ path: String, token: String?, body: String? = nil,
        timeout: Duration = .seconds(300)
    ) async throws -> Response {
        var headers: HTTPHeaders = [:]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = try HTTPClientRequest(
            url: running.url + path, method: method, headers: headers,
            body: body.map { .bytes(ByteBuffer(string: $0)) } ?? .empty)
        let (head, bytes) = try await client.send(request, deadline: .now + timeout)
        return Response(
            status: Int(head.status.code), headers: head.headers,
            body: String(decoding: bytes.readableView, as: UTF8.self))
    }

    /// Reads Server-Sent Events from `path` until `until` accepts one's data, and returns the data of each event.
    func events(
        _ path: String, token: String, timeout: Duration, until: @escaping @Sendable ([String: Any]) -> Bool
    ) async throws -> [[String: Any]] {
        let request = try HTTPClientRequest(
            url: running.url + path, headers: ["Authorization": "Bearer \(token)", "Accept": "text/event-stream"])
        let response = try await client.execute(request, deadline: .now + .seconds(30))
        var text = ""
        var events: [String] = []
        let deadline = ContinuousClock.now + timeout
        while let part = try await response.read(deadline: deadline) {
            text += String(decoding: part.readableView, as: UTF8.self)
            while let end = text.range(of: "\n\n") {
                let event = String(text[..<end.lowerBound])
                text = String(text[end.upperBound...])
                guard event.hasPrefix("event: phase\n"),
                    let data = event.split(separator: "\n").first(where: { $0.hasPrefix("data: ") })
                else { continue }
                events.append(String(data.dropFirst(6)))
                let object =
                    (try? JSONSerialization.jsonObject(with: Data(data.dropFirst(6).utf8))) as? [String: Any] ?? [:]
                if until(object) {
                    return events.map {
                        (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
                    }
                }
            }
        }
        throw TestTimeoutError(limit: timeout, context: "the event stream ended first; events: \(events)")
    }
}
