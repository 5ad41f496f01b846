import Basics
import Foundation
import HTTP
import NetIO

/// What a handler answers: a status, headers and a body.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Body

    /// How the body is produced.
    public enum Body: Sendable {
        /// No body (Content-Length: 0 unless the status forbids a body).
        case empty
        /// A body known in full, sent with Content-Length.
        case bytes(ByteBuffer)
        /// A body written piece by piece: with Content-Length when the headers set it, otherwise chunked
        /// (HTTP/1.1) or delimited by closing the connection (HTTP/1.0). Each write waits for the client.
        case stream(@Sendable (HTTPBodyWriter) async throws -> Void)
        /// After the head (101, or 2xx to CONNECT) the connection stops being HTTP: `body` gets the raw stream and
        /// the bytes already read past the request, and the connection closes when it returns.
        case upgrade(@Sendable (any ByteStream, ByteBuffer) async throws -> Void)
    }

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: .bytes(ByteBuffer(string: text)))
    }

    /// A response whose body is already-encoded JSON.
    public static func json(status: HTTPStatus = .ok, encodedJSON: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: .bytes(ByteBuffer(string: encodedJSON)))
    }

    /// A JSON response encoding `value` with sorted keys and ISO 8601 dates.
    public static func json<Value: Encodable>(_ value: Value, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let data = try JSONCoding.encoder.encode(value)
        return HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"], body: .bytes(ByteBuffer(bytes: data)))
    }
}

/// The JSON settings every Swiftpod HTTP surface shares.
public enum JSONCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Writes a streamed response body to the connection, framing each piece.
public final class HTTPBodyWriter: @unchecked Sendable {
    // Used only by the task that runs the response's stream closure; the connection waits for that closure.
    private let socket: Socket
    private let chunked: Bool
    private let deadline: @Sendable () -> ContinuousClock.Instant
    private var scratch = ByteBuffer(capacity: 0)

    init(socket: Socket, chunked: Bool, deadline: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.socket = socket
        self.chunked = chunked
        self.deadline = deadline
    }

    /// Writes one piece of the body and waits until the client has taken it (into the socket buffer).
    public func write(_ bytes: ByteBuffer) async throws {
        guard !bytes.isEmpty else { return }
        if chunked {
            scratch.clear()
            ChunkedEncoding.writeChunk(bytes.readableView, into: &scratch)
            try await socket.write(scratch, deadline: deadline())
        } else {
            try await socket.write(bytes, deadline: deadline())
        }
    }

    /// Writes the UTF-8 bytes of `text`.
    public func write(_ text: String) async throws {
        try await write(ByteBuffer(string: text))
    }

    func finish() async throws {
        if chunked {
            scratch.clear()
            ChunkedEncoding.writeLastChunk(into: &scratch)
            try await socket.write(scratch, deadline: deadline())
        }
    }
}
