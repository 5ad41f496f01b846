import Basics
import HTTP
import NetIO
import Synchronization

/// Serves the requests of one client connection, in order, until it closes.
///
/// Everything but the idle flag is touched only by the connection's own task: the head is parsed here, the handler
/// runs here and reads the body through this object, and the response is written here. Pipelined requests wait in
/// the buffer and are answered in order.
final class HTTPServerConnection: HTTPBodySource, @unchecked Sendable {
    private enum BodyState {
        /// The body's bytes (possibly none) are still to be read; `continueDue` when `100 Continue` is owed first.
        case reading(continueDue: Bool)
        case finished
        /// Reading failed part-way; the connection cannot be reused.
        case broken
    }

    private let server: HTTPServer
    private let configuration: HTTPServerConfiguration
    private let socket: Socket
    private var buffer = ByteBuffer(capacity: 4096)
    private var output = ByteBuffer(capacity: 4096)
    private var parser: HTTPRequestParser
    private var bodyState = BodyState.finished
    /// Whether the connection waits for a next request, so a shutdown may close it at once.
    private let idle = Mutex(true)

    init(server: HTTPServer, socket: Socket) {
        self.server = server
        self.configuration = server.configuration
        self.socket = socket
        self.parser = HTTPRequestParser(limits: server.configuration.limits)
    }

    func serve() async {
        guard server.connections.add(self) else {
            socket.close()
            return
        }
        defer {
            server.connections.remove(self)
            socket.close()
        }
        do {
            while try await serveOneRequest() {}
        } catch {
            server.logger.debug(
                "connection ended", ["error": "\(error)", "http.peer": "\(socket.remoteAddress?.description ?? "-")"])
        }
    }

    func closeIfIdle() {
        idle.withLock { idle in
            if idle { socket.close() }
        }
    }

    func forceClose() {
        socket.close()
    }

    // MARK: Requests

    /// Reads a request, answers it, and says whether the connection stays open for another.
    private func serveOneRequest() async throws -> Bool {
        guard let head = try await readHead() else { return false }
        idle.withLock { $0 = false }
        defer { idle.withLock { $0 = true } }

        bodyState = .reading(continueDue: false)
        if let expectation = head.headers["Expect"] {
            guard HTTPHeaders.namesEqual(expectation, "100-continue") else {
                let error = HTTPError(.expectationFailed, message: "unsupported expectation '\(expectation)'")
                try await write(error.response, for: head, keepAlive: false)
                return false
            }
            if head.version == .http11 { bodyState = .reading(continueDue: true) }
        }

        var context = RequestContext(logger: server.logger, remoteAddress: socket.remoteAddress)
        context.route = nil
        let request = HTTPRequest(head: head, body: HTTPRequestBody(source: self))
        let response: HTTPResponse
        do {
            response = try await server.responder.respond(to: request, context: context)
        } catch {
            response = errorResponse(for: error)
        }

        let reusable: Bool
        switch bodyState {
        case .finished: reusable = true
        case .reading(let continueDue): reusable = !continueDue
        case .broken: reusable = false
        }
        let keepAlive = head.keepAlive && reusable && !server.connections.isShuttingDown
        guard try await write(response, for: head, keepAlive: keepAlive) else { return false }
        return try await discardRestOfBody()
    }

    /// Reads until a complete request head, or returns nil when the connection should close.
    private func readHead() async throws -> HTTPRequestHead? {
        var headStarted: ContinuousClock.Instant?
        while true {
            do {
                if let event = try parser.next(&buffer) {
                    guard case .head(let head) = event else { continue }
                    return head
                }
            } catch {
                try await writeParseError(error)
                return nil
            }
            let now = ContinuousClock.now
            let deadline: ContinuousClock.Instant
            if parser.isIdle && buffer.isEmpty {
                deadline = now + configuration.idleTimeout
            } else {
                if headStarted == nil { headStarted = now }
                deadline = headStarted! + configuration.headerTimeout
            }
            let count: Int
            do {
                count = try await socket.read(into: &buffer, deadline: deadline)
            } catch let error as NetIOError where error.code == .timedOut {
                if headStarted != nil {
                    let timeout = HTTPError(.requestTimeout, message: "the request head did not arrive in time")
                    try? await writeFinal(timeout.response)
                }
                return nil
            }
            if count == 0 { return nil }
        }
    }

    // MARK: Body

    func readBodyPart() async throws -> ByteBuffer? {
        guard case .reading(let continueDue) = bodyState else { return nil }
        do {
            if continueDue {
                bodyState = .reading(continueDue: false)
                if parser.bodyFraming != .none {
                    try await socket.write(
                        ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n"),
                        deadline: .now + configuration.writeTimeout)
                }
            }
            while true {
                if let event = try parser.next(&buffer) {
                    switch event {
                    case .body(let bytes):
                        return ByteBuffer(bytes: bytes)
                    case .end:
                        bodyState = .finished
                        return nil
                    case .head:
                        bodyState = .broken
                        throw HTTPError.badRequest("a request head arrived where the body was expected")
                    }
                }
                let count: Int
                do {
                    count = try await socket.read(into: &buffer, deadline: .now + configuration.bodyTimeout)
                } catch let error as NetIOError where error.code == .timedOut {
                    throw HTTPError(.requestTimeout, message: "the request body did not arrive in time")
                }
                if count == 0 {
                    throw HTTPError.badRequest("the connection closed before the request body ended")
                }
            }
        } catch {
            bodyState = .broken
            throw error
        }
    }

    /// Reads and drops what the handler left of the body, so the next request can be parsed.
    /// - Returns: false when that is not worth it (too much left) or not possible.
    private func discardRestOfBody() async throws -> Bool {
        var discarded = 0
        while case .reading = bodyState {
            guard let part = try? await readBodyPart() else { break }
            discarded += part.readableBytes
            if discarded > 1 << 20 { return false }
        }
        if case .finished = bodyState { return true }
        return false
    }

    // MARK: Responses

    /// Writes `response` and says whether the connection may serve another request.
    @discardableResult
    private func write(_ response: HTTPResponse, for request: HTTPRequestHead, keepAlive: Bool) async throws -> Bool {
        var response = response
        if !response.headers.allSatisfy({ HTTPHeaders.isValidName($0.name) && HTTPHeaders.isValidValue($0.value) }) {
            server.logger.error("a handler produced an invalid response header", ["http.target": request.target])
            response = HTTPError(.internalServerError, message: "internal error").response
        }
        var keepAlive = keepAlive
        let sendsBody = request.method != .head && !response.status.forbidsBody
        var head = HTTPResponseHead(version: .http11, status: response.status, headers: response.headers)
        var chunked = false
        switch response.body {
        case .empty:
            if !response.status.forbidsBody { head.headers.replaceOrAdd(name: "Content-Length", value: "0") }
        case .bytes(let bytes):
            if !response.status.forbidsBody {
                head.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.readableBytes))
            }
        case .stream:
            if head.headers["Content-Length"] == nil && sendsBody {
                if request.version == .http11 {
                    head.headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
                    chunked = true
                } else {
                    keepAlive = false
                }
            }
        case .upgrade:
            keepAlive = false
        }
        let upgrading: Bool
        if case .upgrade = response.body { upgrading = true } else { upgrading = false }
        if !upgrading {
            if !keepAlive {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
            } else if request.version == .http10 {
                head.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
            }
        }
        if let serverName = configuration.serverName, head.headers["Server"] == nil {
            head.headers.add(name: "Server", value: serverName)
        }
        if head.headers["Date"] == nil { head.headers.add(name: "Date", value: HTTPDate.now) }

        output.clear()
        head.write(into: &output)
        if case .bytes(let bytes) = response.body, sendsBody { output.append(bytes) }
        try await socket.write(output, deadline: .now + configuration.writeTimeout)

        switch response.body {
        case .stream(let produce) where sendsBody:
            let timeout = configuration.writeTimeout
            let writer = HTTPBodyWriter(socket: socket, chunked: chunked, deadline: { .now + timeout })
            try await produce(writer)
            try await writer.finish()
        case .upgrade(let takeOver):
            let leftover = buffer
            buffer.clear()
            try await takeOver(socket, leftover)
            return false
        default:
            break
        }
        if !keepAlive { await lingeringClose() }
        return keepAlive
    }

    private func errorResponse(for error: any Error) -> HTTPResponse {
        switch error {
        case let error as HTTPError:
            return error.response
        case let error as HTTPParseError:
            return HTTPError(error.status, message: error.message).response
        default:
            server.logger.error("request failed", ["error": "\(error)"])
            return HTTPError(.internalServerError, message: "internal error").response
        }
    }

    private func writeParseError(_ error: HTTPParseError) async throws {
        server.logger.debug("refused a malformed request", ["error": error.message])
        try await writeFinal(HTTPError(error.status, message: error.message).response)
    }

    /// Writes a response outside any request (a parse error, a timeout) and closes gently.
    private func writeFinal(_ response: HTTPResponse) async throws {
        var head = HTTPResponseHead(version: .http11, status: response.status, headers: response.headers)
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        var body = ByteBuffer()
        if case .bytes(let bytes) = response.body { body = bytes }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        if head.headers["Date"] == nil { head.headers.add(name: "Date", value: HTTPDate.now) }
        output.clear()
        head.write(into: &output)
        output.append(body)
        try await socket.write(output, deadline: .now + configuration.writeTimeout)
        await lingeringClose()
    }

    /// Closes the write side and reads for a moment before closing, so the client gets the response rather than a
    /// reset caused by request bytes it sent that were never read.
    private func lingeringClose() async {
        socket.shutdownWrite()
        let deadline = ContinuousClock.now + .seconds(2)
        var scratch = ByteBuffer(capacity: 4096)
        var total = 0
        while total < 1 << 20 {
            scratch.clear()
            guard let count = try? await socket.read(into: &scratch, deadline: deadline), count > 0 else { break }
            total += count
        }
    }
}
