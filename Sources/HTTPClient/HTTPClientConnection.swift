import Basics
import HTTP
import NetIO

/// One connection to an endpoint: sends a request and reads its response, then goes back to the pool.
///
/// Used by one task at a time: the one holding it from the pool, or the response whose body it is reading.
final class HTTPClientConnection: @unchecked Sendable {
    let endpoint: HTTPEndpoint
    let socket: Socket
    /// TLS over `socket`, for `.tls` endpoints; bytes then go through it instead of straight to the socket.
    let tls: TLSStream?
    private var buffer: ByteBuffer
    private var parser: HTTPResponseParser
    private var output = ByteBuffer(capacity: 1024)
    private var requestMethod = HTTPMethod.get
    /// When it was last returned to the pool.
    var idleSince = ContinuousClock.now
    /// Whether the response asked for (or the framing needs) the connection to close after it.
    private(set) var closeAfterResponse = false
    /// Whether any byte of the current response has arrived (so a failure cannot be retried).
    private(set) var receivedResponseBytes = false

    init(
        endpoint: HTTPEndpoint, socket: Socket, tls: TLSStream? = nil, leftover: ByteBuffer = ByteBuffer(capacity: 4096)
    ) {
        self.endpoint = endpoint
        self.socket = socket
        self.tls = tls
        self.buffer = leftover
        self.parser = HTTPClientConnection.makeParser()
    }

    /// A response parser without a body limit: callers bound what they keep (`collect(maxBytes:)`), and a proxy
    /// or a log stream must be able to pass bodies of any size through.
    static func makeParser() -> HTTPResponseParser {
        HTTPResponseParser(limits: HTTPParserLimits(maxBodyBytes: Int.max))
    }

    /// Opens a connection to `endpoint`; for TLS, completes the handshake first, and for a tunnel, the CONNECT.
    /// - Parameter tlsContext: the client's TLS context; needed for `.tls` endpoints only.
    static func open(
        to endpoint: HTTPEndpoint, tlsContext: @autoclosure () throws -> TLSContext, deadline: ContinuousClock.Instant
    ) async throws -> HTTPClientConnection {
        let address: SocketAddress
        var context: TLSContext?
        switch endpoint {
        case .tcp(let tcp): address = tcp
        case .tls(let tcp, _):
            address = tcp
            // Before connecting, so that a configuration that cannot work says so even when the server is down.
            context = try tlsContext()
        case .unix(let path), .tunnel(let path, _): address = .unix(path: path)
        }
        let socket: Socket
        do {
            socket = try await Socket.connect(to: address, deadline: deadline)
        } catch let error as NetIOError {
            if error.code == .timedOut { throw HTTPClientError.timedOut("connecting to \(endpoint)") }
            throw HTTPClientError(
                code: .connectFailed, message: "cannot connect to \(endpoint): \(error)", underlying: error)
        }
        if case .tls(_, let serverName) = endpoint, let context {
            return try await openTLS(
                to: endpoint, serverName: serverName, over: socket, context: context, deadline: deadline)
        }
        let connection = HTTPClientConnection(endpoint: endpoint, socket: socket)
        if case .tunnel(_, let target) = endpoint {
            let connect = HTTPClientRequest(
                endpoint: endpoint, method: .connect, target: target, headers: ["Host": target])
            try await connection.send(connect, deadline: deadline)
            let head = try await connection.readHead(deadline: deadline)
            guard (200..<300).contains(head.status.code) else {
                socket.close()
                throw HTTPClientError(
                    code: .connectFailed, message: "CONNECT \(target) through \(endpoint) answered \(head.status)")
            }
            return HTTPClientConnection(endpoint: endpoint, socket: socket, leftover: connection.takeBuffer())
        }
        return connection
    }

    private static func openTLS(
        to endpoint: HTTPEndpoint, serverName: String, over socket: Socket, context: TLSContext,
        deadline: ContinuousClock.Instant
    ) async throws -> HTTPClientConnection {
        do {
            let tls = try await TLSStream.handshake(
                over: socket, context: context, serverName: serverName, deadline: deadline)
            return HTTPClientConnection(endpoint: endpoint, socket: socket, tls: tls)
        } catch let error as NetIOError {
            socket.close()
            if error.code == .timedOut { throw HTTPClientError.timedOut("the TLS handshake with \(endpoint)") }
            throw HTTPClientError(
                code: .tlsFailed, message: "the TLS handshake with \(endpoint) failed: \(error)", underlying: error)
        } catch {
            socket.close()
            throw error
        }
    }

    /// Closes the connection; a TLS connection first sends close_notify when the socket takes it without waiting.
    func close() {
        if let tls { tls.close() } else { socket.close() }
    }

    /// Writes the request head and body.
    func send(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant) async throws {
        requestMethod = request.method
        parser = HTTPClientConnection.makeParser()
        closeAfterResponse = request.headers.containsToken("close", in: "Connection")
        receivedResponseBytes = false
        var head = HTTPRequestHead(method: request.method, target: request.target, headers: request.headers)
        if head.headers["Host"] == nil { head.headers.add(name: "Host", value: "localhost") }
        var chunked = false
        switch request.body {
        case .empty:
            if request.method == .post || request.method == .put || request.method == .patch {
                head.headers.replaceOrAdd(name: "Content-Length", value: "0")
            }
        case .bytes(let bytes):
            head.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.readableBytes))
        case .stream:
            if head.headers["Content-Length"] == nil {
                head.headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
                chunked = true
            }
        }
        output.clear()
        head.write(into: &output)
        if case .bytes(let bytes) = request.body { output.append(bytes) }
        try await write(output, deadline: deadline)
        if case .stream(let produce) = request.body {
            let writer = HTTPClientBodyWriter(connection: self, chunked: chunked, deadline: deadline)
            try await produce(writer)
            try await writer.finish()
        }
    }

    func write(_ bytes: ByteBuffer, deadline: ContinuousClock.Instant?) async throws {
        do {
            if let tls {
                try await tls.write(bytes, deadline: deadline)
            } else {
                try await socket.write(bytes, deadline: deadline)
            }
        } catch let error as NetIOError {
            if error.code == .timedOut { throw HTTPClientError.timedOut("sending the request to \(endpoint)") }
            throw HTTPClientError(
                code: .connectionClosed, message: "sending to \(endpoint) failed: \(error)", underlying: error)
        }
    }

    /// Reads up to the final response head, skipping interim 1xx answers (but not 101).
    func readHead(deadline: ContinuousClock.Instant?) async throws -> HTTPResponseHead {
        while true {
            guard let event = try await nextEvent(deadline: deadline) else {
                throw HTTPClientError(
                    code: .connectionClosed, message: "\(endpoint) closed the connection before answering")
            }
            guard case .head(let head) = event else { continue }
            if (100..<200).contains(head.status.code) && head.status.code != 101 {
                continue
            }
            if head.headers.containsToken("close", in: "Connection") || head.version == .http10 {
                closeAfterResponse = true
            }
            if parser.bodyFraming == .untilClose { closeAfterResponse = true }
            return head
        }
    }

    /// The next piece of the response body, or nil at its end.
    func readBodyPart(deadline: ContinuousClock.Instant?) async throws -> ByteBuffer? {
        while let event = try await nextEvent(deadline: deadline) {
            switch event {
            case .body(let bytes): return ByteBuffer(bytes: bytes)
            case .end: return nil
            case .head: continue
            }
        }
        return nil
    }

    /// The bytes read past the response head, handed over with the socket after an upgrade.
    func takeBuffer() -> ByteBuffer {
        defer { buffer = ByteBuffer(capacity: 0) }
        return buffer
    }

    private func nextEvent(deadline: ContinuousClock.Instant?) async throws -> HTTPResponseEvent? {
        while true {
            do {
                if let event = try parser.next(&buffer, requestMethod: requestMethod) { return event }
            } catch {
                throw HTTPClientError(
                    code: .invalidResponse, message: "invalid response from \(endpoint): \(error.message)",
                    underlying: error)
            }
            let count: Int
            do {
                if let tls {
                    count = try await tls.read(into: &buffer, deadline: deadline)
                } else {
                    count = try await socket.read(into: &buffer, deadline: deadline)
                }
            } catch let error as NetIOError {
                if error.code == .timedOut { throw HTTPClientError.timedOut("waiting for \(endpoint)") }
                throw HTTPClientError(
                    code: .connectionClosed, message: "reading from \(endpoint) failed: \(error)", underlying: error)
            }
            if count == 0 {
                // Without close_notify, a close that would end the body may be an attacker cutting it short.
                if let tls, tls.endedWithoutCloseNotify, parser.bodyFraming == .untilClose {
                    throw HTTPClientError(
                        code: .connectionClosed,
                        message:
                            "\(endpoint) closed the connection without TLS close_notify before the end of a response "
                            + "delimited by the close: the response may be truncated")
                }
                do {
                    return try parser.finish()
                } catch {
                    throw HTTPClientError(
                        code: .connectionClosed, message: "\(endpoint) closed the connection: \(error.message)",
                        underlying: error)
                }
            }
            receivedResponseBytes = true
        }
    }
}

/// Writes a streamed request body.
public final class HTTPClientBodyWriter: @unchecked Sendable {
    // Used only by the task running the request's body closure, while the client waits for it.
    private let connection: HTTPClientConnection
    private let chunked: Bool
    private let deadline: ContinuousClock.Instant
    private var scratch = ByteBuffer(capacity: 0)

    init(connection: HTTPClientConnection, chunked: Bool, deadline: ContinuousClock.Instant) {
        self.connection = connection
        self.chunked = chunked
        self.deadline = deadline
    }

    /// Writes one piece of the body, waiting while the server is slow to take it.
    public func write(_ bytes: ByteBuffer) async throws {
        guard !bytes.isEmpty else { return }
        guard chunked else {
            try await connection.write(bytes, deadline: deadline)
            return
        }
        scratch.clear()
        ChunkedEncoding.writeChunk(bytes.readableView, into: &scratch)
        try await connection.write(scratch, deadline: deadline)
    }

    func finish() async throws {
        guard chunked else { return }
        scratch.clear()
        ChunkedEncoding.writeLastChunk(into: &scratch)
        try await connection.write(scratch, deadline: deadline)
    }
}
