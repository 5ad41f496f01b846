import Basics
import Glibc
import HTTP
import NetIO
import Synchronization

/// An HTTP/1.1 client over TCP, TLS (`https://`), unix sockets and CONNECT tunnels, with a keep-alive pool per
/// endpoint.
///
/// Every call has a deadline that covers connecting (and the TLS handshake), sending and receiving the response head.
/// Body reads take their own deadline, so long-lived streams (events, logs) are not cut off.
public final class HTTPClient: Sendable {
    /// Pool sizes, timeouts and TLS verification.
    public struct Configuration: Sendable {
        /// The most time for connecting, including the TLS handshake.
        public var connectTimeout: Duration
        /// The default time from sending a request to receiving its response head.
        public var requestTimeout: Duration
        /// Idle connections kept per endpoint.
        public var maxIdlePerEndpoint: Int
        /// How long an idle connection is kept before it is closed.
        public var idleTimeout: Duration
        /// The CA certificates trusted for `https://` endpoints.
        public var tls: TLSConfiguration

        public init(
            connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
            maxIdlePerEndpoint: Int = 64, idleTimeout: Duration = .seconds(50), tls: TLSConfiguration = .init()
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxIdlePerEndpoint = maxIdlePerEndpoint
            self.idleTimeout = idleTimeout
            self.tls = tls
        }
    }

    public let configuration: Configuration
    private let idle = Mutex<[HTTPEndpoint: [HTTPClientConnection]]>([:])
    /// Made at the first TLS connection, so a client that never uses TLS never loads the CA store.
    private let tlsContext = Mutex<TLSContext?>(nil)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// A client with the default pool and timeouts that verifies TLS servers with `tls`.
    public convenience init(tls: TLSConfiguration) {
        self.init(configuration: Configuration(tls: tls))
    }

    /// A client shared by callers that need no special configuration.
    public static let shared = HTTPClient()

    /// Sends `request` and returns its response once the head has arrived; read the body from the response.
    /// - Parameter deadline: when to give up waiting for the response head; the configured request timeout if nil.
    public func execute(
        _ request: HTTPClientRequest, deadline: ContinuousClock.Instant? = nil
    ) async throws -> HTTPClientResponse {
        let deadline = deadline ?? .now + configuration.requestTimeout
        if case .tls = request.endpoint, request.method == .connect || request.headers["Upgrade"] != nil {
            throw HTTPClientError(
                code: .unsupported,
                message: "\(request.method) \(request.target) to \(request.endpoint): this client does not upgrade "
                    + "connections over TLS (https)")
        }
        var attempt = 0
        while true {
            attempt += 1
            let (connection, reused) = try await checkout(request.endpoint, deadline: deadline)
            do {
                try await connection.send(request, deadline: deadline)
                let head = try await connection.readHead(deadline: deadline)
                return HTTPClientResponse(head: head, connection: connection, client: self, method: request.method)
            } catch let error as HTTPClientError {
                connection.close()
                // A pooled connection the server had already closed: try once more on a fresh one.
                let retryable =
                    reused && attempt == 1 && request.body.isReplayable && !connection.receivedResponseBytes
                    && error.code == .connectionClosed
                if !retryable { throw error }
            } catch {
                connection.close()
                throw error
            }
        }
    }

    /// Sends a request and reads the whole response body.
    /// - Throws: `HTTPClientError` with `.bodyTooLarge` when the body exceeds `maxBytes`.
    public func send(
        _ request: HTTPClientRequest, maxBytes: Int = 16 << 20, deadline: ContinuousClock.Instant? = nil
    ) async throws -> (head: HTTPResponseHead, body: ByteBuffer) {
        let deadline = deadline ?? .now + configuration.requestTimeout
        let response = try await execute(request, deadline: deadline)
        let body = try await response.collect(maxBytes: maxBytes, deadline: deadline)
        return (response.head, body)
    }

    /// Opens a raw byte stream to `target` through a CONNECT tunnel (or to the endpoint itself for TCP and unix).
    /// - Throws: `HTTPClientError` with `.unsupported` for a TLS endpoint, which has no raw stream.
    public func connect(
        _ endpoint: HTTPEndpoint, deadline: ContinuousClock.Instant? = nil
    ) async throws -> (
        stream: any ByteStream, leftover: ByteBuffer
    ) {
        if case .tls = endpoint {
            throw HTTPClientError(
                code: .unsupported,
                message: "cannot open a raw stream to \(endpoint): this client does not do that over TLS")
        }
        let connection = try await HTTPClientConnection.open(
            to: endpoint, tlsContext: self.sharedTLSContext(),
            deadline: deadline ?? .now + configuration.connectTimeout)
        return (connection.socket, connection.takeBuffer())
    }

    private func checkout(
        _ endpoint: HTTPEndpoint, deadline: ContinuousClock.Instant
    ) async throws -> (HTTPClientConnection, reused: Bool) {
        let now = ContinuousClock.now
        while let connection = idle.withLock({ $0[endpoint]?.popLast() }) {
            if now - connection.idleSince > configuration.idleTimeout {
                connection.close()
                continue
            }
            if now - connection.idleSince > .seconds(1) && !HTTPClient.looksAlive(connection) {
                connection.close()
                continue
            }
            return (connection, true)
        }
        let connectDeadline = min(deadline, now + configuration.connectTimeout)
        let connection = try await HTTPClientConnection.open(
            to: endpoint, tlsContext: self.sharedTLSContext(), deadline: connectDeadline)
        return (connection, false)
    }

    /// The TLS context of this client's configuration, made once.
    /// - Throws: `HTTPClientError` with `.invalidTLSConfiguration` when a trust root cannot be loaded.
    private func sharedTLSContext() throws -> TLSContext {
        try tlsContext.withLock { context in
            if let context { return context }
            let made = try TLSContext(configuration: configuration.tls)
            context = made
            return made
        }
    }

    /// Returns a connection whose response has been read completely.
    func checkin(_ connection: HTTPClientConnection) {
        guard !connection.closeAfterResponse else {
            connection.close()
            return
        }
        connection.idleSince = .now
        let kept = idle.withLock { pool -> Bool in
            var list = pool[connection.endpoint, default: []]
            guard list.count < configuration.maxIdlePerEndpoint else { return false }
            list.append(connection)
            pool[connection.endpoint] = list
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes every idle connection.
    public func closeIdleConnections() {
        let all = idle.withLock { pool in
            defer { pool.removeAll() }
            return pool.values.flatMap { $0 }
        }
        for connection in all { connection.close() }
    }

    /// A pooled connection is alive when a non-blocking peek finds neither the end of the stream nor stray bytes (for
    /// TLS, a close_notify counts as stray bytes), and TLS holds nothing unread either.
    private static func looksAlive(_ connection: HTTPClientConnection) -> Bool {
        if connection.tls?.hasBufferedInput == true { return false }
        var byte: UInt8 = 0
        let count = recv(connection.socket.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }
}

/// A response whose head has arrived; its body is read on demand and the connection returns to the pool at its end.
public final class HTTPClientResponse: Sendable {
    public let head: HTTPResponseHead
    private let client: HTTPClient
    private let method: HTTPMethod
    private let connection: Mutex<HTTPClientConnection?>

    init(head: HTTPResponseHead, connection: HTTPClientConnection, client: HTTPClient, method: HTTPMethod) {
        self.head = head
        self.client = client
        self.method = method
        self.connection = Mutex(connection)
    }

    deinit {
        // A body nobody read to its end leaves the connection in an unknown state.
        connection.withLock { $0?.close() }
    }

    public var status: HTTPStatus { head.status }
    public var headers: HTTPHeaders { head.headers }

    /// Whether the connection switched protocols (101, or 2xx to CONNECT): take the stream instead of a body.
    public var isUpgrade: Bool {
        head.status.code == 101 || (method == .connect && (200..<300).contains(head.status.code))
    }

    /// The next piece of the body, or nil at its end.
    /// - Parameter deadline: when to give up waiting for this piece; nil waits as long as the server keeps the
    ///   connection open.
    public func read(deadline: ContinuousClock.Instant? = nil) async throws -> ByteBuffer? {
        guard !isUpgrade, let current = connection.withLock({ $0.take() }) else { return nil }
        do {
            if let part = try await current.readBodyPart(deadline: deadline) {
                connection.withLock { $0 = current }
                return part
            }
            client.checkin(current)
            return nil
        } catch {
            current.close()
            throw error
        }
    }

    /// Reads the rest of the body.
    public func collect(maxBytes: Int, deadline: ContinuousClock.Instant? = nil) async throws -> ByteBuffer {
        var body = ByteBuffer()
        while let part = try await read(deadline: deadline) {
            guard body.readableBytes + part.readableBytes <= maxBytes else {
                connection.withLock { $0?.close() }
                throw HTTPClientError(
                    code: .bodyTooLarge, message: "the response body is larger than \(maxBytes) bytes")
            }
            body.append(part)
        }
        return body
    }

    /// Takes the connection after an upgrade: the raw stream and the bytes already read past the head.
    public func takeUpgradedStream() throws -> (stream: any ByteStream, leftover: ByteBuffer) {
        guard isUpgrade, let current = connection.withLock({ $0.take() }) else {
            throw HTTPClientError(code: .upgradeRefused, message: "the server answered \(head.status), not an upgrade")
        }
        guard current.tls == nil else {
            current.close()
            throw HTTPClientError(
                code: .unsupported,
                message: "\(current.endpoint) switched protocols, but this client does not upgrade connections over TLS"
            )
        }
        return (current.socket, current.takeBuffer())
    }
}
