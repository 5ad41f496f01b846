import Basics
import Foundation
import HTTP
import NetIO

/// A request as a handler sees it: the head, and a body that is read on demand.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: HTTPRequestBody

    public init(head: HTTPRequestHead, body: HTTPRequestBody) {
        self.head = head
        self.body = body
    }

    public var method: HTTPMethod { head.method }
    public var headers: HTTPHeaders { head.headers }
    public var path: Substring { head.path }

    /// The query parameters, percent-decoded; a repeated name keeps its first value.
    public var queryParameters: [String: String] {
        guard let query = head.query else { return [:] }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            let value =
                parts.count > 1
                ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" : ""
            if parameters[name] == nil { parameters[name] = value }
        }
        return parameters
    }

    /// Reads the whole body and decodes it as JSON.
    /// - Throws: `HTTPError` 400 naming the problem when the body is not the expected JSON.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type, maxBytes: Int = 1 << 20) async throws -> Value {
        let bytes = try await body.collect(maxBytes: maxBytes)
        do {
            return try JSONCoding.decoder.decode(type, from: Data(bytes.readableView))
        } catch let error as DecodingError {
            throw HTTPError.badRequest("invalid JSON body: \(DecodingErrorDescription(error))")
        }
    }
}

/// The body of a request, streamed from the connection as the handler reads it.
///
/// Reading waits for the client, so a slow reader slows the client down (TCP flow control) instead of buffering.
/// When the client sent `Expect: 100-continue`, the first read sends `100 Continue`.
public struct HTTPRequestBody: Sendable {
    let source: (any HTTPBodySource)?

    init(source: (any HTTPBodySource)?) {
        self.source = source
    }

    /// A body with no bytes.
    public static let empty = HTTPRequestBody(source: nil)

    /// A body with the given bytes, for tests and in-process callers.
    public static func bytes(_ bytes: ByteBuffer) -> HTTPRequestBody {
        HTTPRequestBody(source: FixedBodySource(bytes: bytes))
    }

    /// The next piece of the body, or nil at its end.
    public func read() async throws -> ByteBuffer? {
        guard let source else { return nil }
        return try await source.readBodyPart()
    }

    /// Reads the whole body.
    /// - Throws: `HTTPError` 413 when it is longer than `maxBytes`.
    public func collect(maxBytes: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        while let part = try await read() {
            guard result.readableBytes + part.readableBytes <= maxBytes else {
                throw HTTPError(.contentTooLarge, message: "the request body is larger than \(maxBytes) bytes")
            }
            result.append(part)
        }
        return result
    }
}

/// Where body pieces come from: the connection, or fixed bytes.
protocol HTTPBodySource: Sendable {
    func readBodyPart() async throws -> ByteBuffer?
}

private final class FixedBodySource: HTTPBodySource, @unchecked Sendable {
    // Read by one task at a time, as every request body is.
    private var bytes: ByteBuffer?

    init(bytes: ByteBuffer) { self.bytes = bytes }

    func readBodyPart() async throws -> ByteBuffer? {
        defer { bytes = nil }
        return bytes?.isEmpty == false ? bytes : nil
    }
}

/// A readable description of a JSON decoding failure: the path to the field and what was wrong.
struct DecodingErrorDescription: CustomStringConvertible {
    let error: DecodingError

    init(_ error: DecodingError) { self.error = error }

    var description: String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "'" + keys.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(let type, let context):
            return "\(path(context)) must be of type \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) must be a \(type), not null"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
