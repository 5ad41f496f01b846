import Basics
import Foundation
import HTTP
import HTTPClient

/// A client of a Swiftpod server's public API, `/api/v1`, over plain HTTP.
///
/// Every call has a deadline (`timeout` unless the call says otherwise); an error status becomes an
/// `APIClientError` carrying the server's error envelope, and a server that cannot be reached or does not answer
/// becomes one that says so. Streams (events, logs) take a deadline for their head and one for each piece.
public struct APIClient: Sendable {
    /// How the client proves who it is.
    public enum Credential: Sendable, Equatable {
        case none
        /// A personal access token, sent as `Authorization: Bearer swp_…`.
        case bearer(String)
        /// A browser-style session: its `Cookie` pair and the CSRF token state-changing requests carry.
        case session(cookie: String, csrfToken: String?)
    }

    public let server: ServerURL
    public var credential: Credential
    /// The deadline of a call that does not set its own.
    public var timeout: Duration
    let http: HTTPClient

    public init(
        server: ServerURL, credential: Credential = .none, timeout: Duration = .seconds(30),
        http: HTTPClient = HTTPClient()
    ) {
        self.server = server
        self.credential = credential
        self.timeout = timeout
        self.http = http
    }

    /// The answer to a call that succeeded.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer

        var data: Data { Data(body.readableView) }
    }

    // MARK: Requests

    /// The request for `path` on the server, with the credential and, for a body, its JSON.
    func request(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, accept: String = "application/json"
    ) throws
        -> HTTPClientRequest
    {
        // Each call on a connection of its own: a command makes a few calls, and no idle connection is left behind.
        var headers: HTTPHeaders = ["Accept": accept, "Connection": "close"]
        switch credential {
        case .none: break
        case .bearer(let token): headers.add(name: "Authorization", value: "Bearer \(token)")
        case .session(let cookie, let csrfToken):
            headers.add(name: "Cookie", value: cookie)
            if let csrfToken { headers.add(name: "X-CSRF-Token", value: csrfToken) }
        }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        do {
            return try HTTPClientRequest(
                url: server.text + path, method: method, headers: headers,
                body: body.map { .bytes(ByteBuffer(bytes: $0)) } ?? .empty)
        } catch let error as HTTPClientError {
            // The URL was checked already: what fails here is resolving its host.
            throw APIClientError(
                code: .unreachable, message: "cannot reach the Swiftpod server at \(server): \(error.message)",
                underlying: error)
        }
    }

    /// Sends a request and reads its whole answer.
    /// - Throws: `APIClientError` for an error status (with the envelope's message), an unreachable server or a
    ///   missed deadline.
    func send(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, timeout: Duration? = nil
    ) async throws -> Answer {
        let request = try request(method, path, body: body)
        let limit = timeout ?? self.timeout
        let (head, bytes): (HTTPResponseHead, ByteBuffer)
        do {
            (head, bytes) = try await http.send(request, maxBytes: 32 << 20, deadline: .now + limit)
        } catch {
            throw transportError(error, limit: limit)
        }
        let answer = Answer(status: head.status.code, headers: head.headers, body: bytes)
        guard (200..<300).contains(answer.status) else { throw Self.serverError(answer) }
        return answer
    }

    /// Sends a request with `body` (JSON, see `json(_:)`) and decodes the answer as `Result`.
    func call<Result: Decodable>(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, timeout: Duration? = nil,
        as type: Result.Type = Result.self
    ) async throws -> Result {
        let answer = try await send(method, path, body: body, timeout: timeout)
        return try Self.decode(Result.self, from: answer.data)
    }

    /// `value` as a JSON request body.
    static func json(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }

    // MARK: Errors and coding

    /// The error for an answer with an error status: the envelope's code and message when there is one.
    static func serverError(_ answer: Answer) -> APIClientError {
        struct Envelope: Decodable {
            struct Body: Decodable {
                var code: String
                var message: String
            }
            var error: Body
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: answer.data) {
            return APIClientError(
                code: .server, message: envelope.error.message, status: answer.status,
                serverCode: envelope.error.code)
        }
        let text = String(decoding: answer.body.readableView.prefix(200), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return APIClientError(
            code: .server, message: "the server answered \(answer.status)" + (text.isEmpty ? "" : ": \(text)"),
            status: answer.status)
    }

    /// The error for a request that did not get an answer.
    func transportError(_ error: any Error, limit: Duration) -> APIClientError {
        if let error = error as? APIClientError { return error }
        guard let error = error as? HTTPClientError else {
            return APIClientError(
                code: .unreachable, message: "cannot reach the Swiftpod server at \(server): \(error)",
                underlying: error)
        }
        switch error.code {
        case .timedOut:
            return APIClientError(
                code: .timedOut, message: "the Swiftpod server at \(server) did not answer within \(limit)",
                underlying: error)
        case .invalidResponse, .bodyTooLarge:
            return .invalidResponse(error.message, underlying: error)
        default:
            return APIClientError(
                code: .unreachable,
                message: "cannot reach the Swiftpod server at \(server): \(Self.reason(error)); is it running?",
                underlying: error)
        }
    }

    /// The socket-level reason in a client error, without the endpoint the message already names.
    private static func reason(_ error: HTTPClientError) -> String {
        if let underlying = error.underlying { return "\(underlying)" }
        return error.message
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try decoder.decode(type, from: data)
        } catch {
            let text = String(decoding: data.prefix(200), as: UTF8.self)
            throw APIClientError.invalidResponse("expected \(type) but got '\(text)'", underlying: error)
        }
    }

    /// The API's JSON: ISO 8601 dates.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The API's JSON, with sorted keys: what `--json` prints.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// `text` percent-encoded for one path segment.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
