import Auth
import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import IDEAssets
import NetIO
import Store
import Supervisor
import Synchronization
import TestSupport
import WebSocket
import WorkspaceProxy

/// Workspaces in memory: the proxy's view of owners, sockets and port visibility, for the tests.
final class InMemoryWorkspaceDirectory: WorkspaceAccessDirectory {
    private let state = Mutex<(workspaces: [String: WorkspaceAccessRecord], visibility: [String: String])>(([:], [:]))

    func add(_ record: WorkspaceAccessRecord) {
        state.withLock { $0.workspaces[record.workspaceID] = record }
    }

    func setVisibility(_ visibility: String, workspaceID: String, port: Int) {
        state.withLock { $0.visibility["\(workspaceID):\(port)"] = visibility }
    }

    func workspace(id: String) async throws -> WorkspaceAccessRecord? {
        state.withLock { $0.workspaces[id] }
    }

    func portVisibility(workspaceID: String, port: Int) async throws -> String? {
        state.withLock { $0.visibility["\(workspaceID):\(port)"] }
    }
}

/// A real supervisor on a temporary socket running the workspace's servers, a real SQLite store with two users and
/// their tokens, and the proxy in front of a small dashboard on a loopback port, as `swiftpod server` composes them.
struct ProxyFixture: Sendable {
    static let pythonFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/python").path

    /// Owned by ada, running.
    static let workspaceID = "wsone"
    /// Owned by ada, running the same supervisor (a sibling host for Origin checks).
    static let siblingID = "wstwo"
    /// Owned by ada, stopped.
    static let stoppedID = "wsstopped"

    let directory: TemporaryDirectory
    let store: SQLiteStore
    let supervisor: Supervisor
    let supervisorTask: Task<Void, any Error>
    let server: RunningServer
    let publicURL: PublicURL
    let workspaces: InMemoryWorkspaceDirectory
    let sessions: Sessions
    let ada: User
    let bob: User
    let adaToken: String
    let bobToken: String
    /// The upstream HTTP server, private.
    let privatePort: Int
    /// The upstream HTTP server again, made public.
    let publicPort: Int
    /// The WebSocket echo server.
    let webSocketPort: Int
    let client = HTTPClient()

    /// - Parameter ideAssets: the browser IDE the IDE host serves, if any.
    static func start(ideAssets: IDEAssetServer? = nil) async throws -> ProxyFixture {
        let directory = try TemporaryDirectory(prefix: "swiftpod-proxy")
        let store = try await SQLiteStore.open(path: "\(directory.path)/swiftpod.db")
        let accounts = UserAccounts(store: store, hasher: PasswordHasher(iterations: 1_000))
        let ada = try await accounts.createUser(username: "ada", password: "correct horse", role: .member)
        let bob = try await accounts.createUser(username: "bob", password: "correct horse", role: .admin)
        let tokens = AccessTokens(store: store)
        let adaToken = try await tokens.create(userID: ada.id, name: "ada's CLI", lifetime: .never).token
        let bobToken = try await tokens.create(userID: bob.id, name: "bob's CLI", lifetime: .never).token
        let sessions = Sessions(store: store)

        let privatePort = try freePort()
        let publicPort = try freePort()
        let webSocketPort = try freePort()
        let scripts = pythonFixtures
        // The tasks run in a login shell with its own PATH: name the interpreter that has `websockets`.
        let python = try await runProcess("python3", ["-c", "import sys; print(sys.executable)"])
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let configuration = SupervisorConfiguration(tasks: [
            TaskConfiguration(name: "private", command: "exec \(python) \(scripts)/proxy_upstream.py \(privatePort)"),
            TaskConfiguration(name: "public", command: "exec \(python) \(scripts)/proxy_upstream.py \(publicPort)"),
            TaskConfiguration(name: "ws", command: "exec \(python) \(scripts)/ws_echo_server.py \(webSocketPort)"),
        ])
        var options = SupervisorOptions(
            socketPath: directory.path + "/supervisor.sock", configuration: configuration, fresh: true,
            workspaceDirectory: directory.path, stopGracePeriod: .seconds(2))
        options.configuration.env["HOME"] = directory.path
        let supervisor = try Supervisor(
            options: options, ports: PortWatcher(interval: .milliseconds(50)),
            children: ChildProcesses(reapsOrphans: false), logger: .disabled)
        try await supervisor.bind()
        let supervisorTask = Task { try await supervisor.run() }
        for port in [privatePort, publicPort, webSocketPort] {
            guard try await waitUntilAccepting(.ipv4(host: "127.0.0.1", port: UInt16(port))) else {
                let encoded = options.socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let (_, tasks) = try await HTTPClient().send(HTTPClientRequest(url: "http+unix://\(encoded)/tasks"))
                throw TestTimeoutError(
                    limit: TestTimeout.loopback,
                    context:
                        "the workspace server on \(port); tasks: \(String(decoding: tasks.readableView, as: UTF8.self))"
                )
            }
        }

        let workspaces = InMemoryWorkspaceDirectory()
        let socket = options.socketPath
        workspaces.add(WorkspaceAccessRecord(workspaceID: workspaceID, ownerID: ada.id, supervisorSocketPath: socket))
        workspaces.add(WorkspaceAccessRecord(workspaceID: siblingID, ownerID: ada.id, supervisorSocketPath: socket))
        workspaces.add(WorkspaceAccessRecord(workspaceID: stoppedID, ownerID: ada.id, supervisorSocketPath: nil))
        workspaces.setVisibility("public", workspaceID: workspaceID, port: publicPort)
        workspaces.setVisibility("private", workspaceID: workspaceID, port: privatePort)

        let listenPort = try freePort()
        let publicURL = try PublicURL(parsing: "http://localhost:\(listenPort)")
        let authenticator = Authenticator(
            accessTokens: tokens, sessions: sessions, cookie: SessionCookie(publicURL: publicURL.origin))
        let proxy = WorkspaceProxy(
            configuration: WorkspaceProxy.Configuration(publicURL: publicURL, ideAssets: ideAssets),
            directory: workspaces,
            authenticator: authenticator, credentials: store)
        var dashboard = Router()
        dashboard.get("/") { _, context in .text("dashboard for \(context.principal?.user.username ?? "nobody")") }
        dashboard.get("/login") { request, _ in
            .text("sign in, then go to \(request.queryParameters["returnTo"] ?? "")")
        }
        let server = try await RunningServer.start(
            MiddlewareResponder(
                middleware: [proxy, AuthenticationMiddleware(authenticator: authenticator)],
                responder: dashboard.responder()),
            address: .ipv4(host: "127.0.0.1", port: UInt16(listenPort)))
        return ProxyFixture(
            directory: directory, store: store, supervisor: supervisor, supervisorTask: supervisorTask, server: server,
            publicURL: publicURL, workspaces: workspaces, sessions: sessions, ada: ada, bob: bob, adaToken: adaToken,
            bobToken: bobToken, privatePort: privatePort, publicPort: publicPort, webSocketPort: webSocketPort)
    }

    /// Runs `body` with a fresh fixture, and stops it whatever happens.
    static func with(
        ideAssets: IDEAssetServer? = nil, _ body: @Sendable (ProxyFixture) async throws -> Void
    ) async throws {
        let fixture = try await start(ideAssets: ideAssets)
        do {
            try await body(fixture)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    func stop() async {
        client.closeIdleConnections()
        await server.stop()
        await supervisor.shutdown()
        _ = try? await withTimeout { try await supervisorTask.value }
    }

    // MARK: Hosts

    var port: Int { publicURL.port }
    var dashboardHost: String { "localhost:\(port)" }
    func ideHost(_ id: String = workspaceID) -> String { "\(id).localhost:\(port)" }
    func portHost(_ number: Int, _ id: String = workspaceID) -> String { "\(number)-\(id).localhost:\(port)" }

    // MARK: Requests

    /// Sends a request with the given `Host` to the server and reads the whole answer.
    func request(
        host: String, _ target: String, method: HTTPMethod = .get, headers: HTTPHeaders = [:]
    ) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        var fields: HTTPHeaders = ["Host": host]
        for field in headers { fields.add(name: field.name, value: field.value) }
        let (head, body) = try await client.send(
            HTTPClientRequest(endpoint: .tcp(server.address), method: method, target: target, headers: fields))
        return (head.status.code, head.headers, String(decoding: body.readableView, as: UTF8.self))
    }

    /// Attempts a WebSocket handshake through the proxy: the connection when it was accepted, or the status.
    func webSocket(
        host: String, origin: String?, headers: HTTPHeaders = [:]
    ) async throws -> Result<WebSocketConnection, WebSocketRefusal> {
        let (head, key) = WebSocketHandshake.makeRequest(host: host, path: "/", origin: origin, headers: headers)
        let response = try await HTTPClient().execute(
            HTTPClientRequest(endpoint: .tcp(server.address), target: head.target, headers: head.headers),
            deadline: .now + TestTimeout.loopback)
        guard response.status.code == 101 else {
            _ = try? await response.collect(maxBytes: 1 << 16)
            return .failure(WebSocketRefusal(status: response.status.code))
        }
        try WebSocketHandshake.verify(response: response.head, key: key)
        let (stream, leftover) = try response.takeUpgradedStream()
        return .success(WebSocketConnection(stream: stream, role: .client, leftover: leftover))
    }

    /// Runs real `curl` as a browser would: following redirects, keeping cookies in `jar`, asking for HTML.
    /// Every host used resolves to the server.
    func curl(_ url: String, jar: String, extra: [String] = []) async throws -> ProcessResult {
        let hosts = [dashboardHost, ideHost(), portHost(privatePort), portHost(publicPort)]
        let resolve = hosts.flatMap { ["--resolve", "\($0):127.0.0.1"] }
        return try await runProcess(
            "curl",
            ["-sS", "-L", "--max-redirs", "5", "--max-time", "10", "-b", jar, "-c", jar, "-H", "Accept: text/html"]
                + resolve + extra + ["--", url])
    }

    /// A cookie jar in curl's format holding a new dashboard session of `user`, for the dashboard host only.
    func sessionJar(for user: User) async throws -> String {
        let created = try await sessions.create(userID: user.id)
        let path = directory.path + "/jar-\(UUID().uuidString.prefix(8))"
        let line = "localhost\tFALSE\t/\tFALSE\t0\t\(SessionCookie.baseName)\t\(created.cookieValue)\n"
        try ("# Netscape HTTP Cookie File\n" + line).write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}

/// A WebSocket handshake the proxy answered with something other than 101.
struct WebSocketRefusal: Error, Equatable {
    let status: Int
}

/// A loopback port that was free a moment ago.
func freePort() throws -> Int {
    let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
    defer { listener.close() }
    return Int(listener.address.port ?? 0)
}
