import Auth
import Basics
import Foundation
import HTTP
import HTTPClient
import Store
import SwiftpodServer
import TestSupport

/// `SwiftpodServer` in-process on a loopback port over a temporary data directory, with no engine: the
/// workspace parts stay unstarted, as the routes under test do not need them.
struct ServerFixture: Sendable {
    let directory: TemporaryDirectory
    let services: SwiftpodServices
    let running: RunningServer
    let client = HTTPClient()

    /// An answer, with its body as text.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String

        /// The body parsed as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// The error envelope's code.
        var errorCode: String? {
            (json["error"] as? [String: Any])?["code"] as? String
        }
    }

    /// Runs `body` with a fresh server; `loginPolicy` sets the sign-in limits, `oidc` a single sign-on provider.
    static func with(
        loginPolicy: LoginRateLimitPolicy = LoginRateLimitPolicy(), oidc: OIDCSettings? = nil,
        _ body: @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-server")
        var configuration = ServerConfiguration(dataDirectory: directory.path + "/data")
        configuration.oidc = oidc
        let services = try await SwiftpodServices.open(
            configuration: configuration, logger: .disabled, hasher: PasswordHasher(iterations: 1_000),
            loginPolicy: loginPolicy)
        let running = try await RunningServer.start(SwiftpodServer(services: services).responder())
        let fixture = ServerFixture(directory: directory, services: services, running: running)
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

    /// Sends `body` as `contentType`.
    func send(_ method: HTTPMethod, _ path: String, body: String, contentType: String) async throws -> Answer {
        let request = try HTTPClientRequest(
            url: running.url + path, method: method, headers: ["Content-Type": contentType, "Connection": "close"],
            body: .bytes(ByteBuffer(string: body)))
        let (head, answer) = try await client.send(request, deadline: .now + TestTimeout.loopback)
        return Answer(
            status: Int(head.status.code), headers: head.headers,
            body: String(decoding: answer.readableView, as: UTF8.self))
    }

    /// Posts `fields` as a browser's form from `origin` (the server's own by default), with a session `cookie`.
    func postForm(
        _ path: String, _ fields: [(String, String)], origin: String? = "http://localhost:8080", cookie: String? = nil
    ) async throws -> Answer {
        var headers: HTTPHeaders = ["Connection": "close", "Content-Type": "application/x-www-form-urlencoded"]
        if let origin { headers.add(name: "Origin", value: origin) }
        if let cookie { headers.add(name: "Cookie", value: cookie) }
        let request = try HTTPClientRequest(
            url: running.url + path, method: .post, headers: headers,
            body: .bytes(ByteBuffer(string: URLEncodedForm.encode(fields))))
        let (head, body) = try await client.send(request, deadline: .now + TestTimeout.loopback)
        return Answer(
            status: Int(head.status.code), headers: head.headers,
            body: String(decoding: body.readableView, as: UTF8.self))
    }

    /// Sends a request; `json` is the body, `cookie` and `csrf` a browser session's, `token` a bearer token.
    func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, cookie: String? = nil, csrf: String? = nil,
        token: String? = nil
    ) async throws -> Answer {
        // No keep-alive: an idle connection left open would make the server's shutdown wait out its grace period.
        var headers: HTTPHeaders = ["Connection": "close"]
        if json != nil { headers.add(name: "Content-Type", value: "application/json") }
        if let cookie { headers.add(name: "Cookie", value: cookie) }
        if let csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        let request = try HTTPClientRequest(
            url: running.url + path, method: method, headers: headers,
            body: json.map { .bytes(ByteBuffer(string: $0)) } ?? .empty)
        let (head, body) = try await client.send(request, deadline: .now + TestTimeout.loopback)
        return Answer(
            status: Int(head.status.code), headers: head.headers,
            body: String(decoding: body.readableView, as: UTF8.self))
    }

    /// Creates a user with the password `correct horse`.
    @discardableResult
    func createUser(_ username: String, role: User.Role = .member) async throws -> User {
        try await services.accounts.createUser(username: username, password: "correct horse", role: role)
    }

    /// A browser session: the `Cookie` header value and the CSRF token.
    struct Session: Sendable {
        var cookie: String
        var csrf: String
    }

    /// Signs in through the API.
    func signIn(_ username: String, password: String = "correct horse") async throws -> Session {
        let answer = try await send(
            .post, "/api/v1/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard answer.status == 200, let setCookie = answer.headers["Set-Cookie"],
            let pair = setCookie.split(separator: ";").first, let csrf = answer.json["csrfToken"] as? String
        else {
            throw FixtureError(message: "sign-in of \(username) failed: \(answer.status) \(answer.body)")
        }
        return Session(cookie: String(pair), csrf: csrf)
    }

    /// A personal access token of `user`.
    func token(for user: User, lifetime: CredentialLifetime = .never) async throws -> String {
        try await services.accessTokens.create(userID: user.id, name: "test", lifetime: lifetime).token
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
