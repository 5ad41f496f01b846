import Basics
import Foundation
import HTTP
import HTTPClient

/// A client of the Docker Engine API on a unix socket, as served by Podman (`podman system service`) or Docker.
///
/// Every call has a deadline (a default per call, or the caller's); only the long streams — build output, logs
/// that follow, events — wait as long as the engine keeps them open. Engine errors are thrown as
/// `ContainerEngineError` with the engine's own message and HTTP status.
public final class EngineClient: Sendable {
    /// The highest API version this client speaks.
    public static let maximumAPIVersion = APIVersion(major: 1, minor: 41)

    /// The engine's unix socket.
    public let socketPath: String
    /// The API version used in every path: the lower of the engine's and `maximumAPIVersion`.
    public let apiVersion: APIVersion
    /// The engine's `/version` answer.
    public let engineVersion: EngineVersion
    /// Used when a call gives no deadline of its own.
    public let defaultTimeout: Duration
    let http: HTTPClient

    init(
        socketPath: String, apiVersion: APIVersion, engineVersion: EngineVersion, http: HTTPClient,
        defaultTimeout: Duration
    ) {
        self.socketPath = socketPath
        self.apiVersion = apiVersion
        self.engineVersion = engineVersion
        self.http = http
        self.defaultTimeout = defaultTimeout
    }

    /// Connects to the engine at `socketPath`, asking `/version` for the API version to use.
    /// - Parameters:
    ///   - socketPath: the engine's unix socket.
    ///   - http: the HTTP client to send requests with.
    ///   - defaultTimeout: the deadline of calls that give none.
    ///   - deadline: when to give up waiting for `/version`.
    public static func connect(
        socketPath: String, http: HTTPClient = .shared, defaultTimeout: Duration = .seconds(60),
        deadline: ContinuousClock.Instant? = nil
    ) async throws -> EngineClient {
        let request = HTTPClientRequest(
            endpoint: .unix(path: socketPath), method: .get, target: "/version", headers: ["Host": "docker"])
        let (head, body) = try await perform(
            http, request, deadline: deadline ?? .now + .seconds(10), context: "GET /version on \(socketPath)")
        guard head.status.code == 200 else {
            throw ContainerEngineError.fromResponse(
                status: head.status.code, body: body.readableArray, context: "GET /version")
        }
        let version: EngineVersion
        do {
            version = try JSONDecoder().decode(EngineVersion.self, from: Data(body.readableView))
        } catch {
            throw ContainerEngineError(
                code: .invalidResponse, message: "the engine's /version answer is not understood: \(error)",
                underlying: error)
        }
        let negotiated = APIVersion.negotiate(server: version.apiVersion, maximum: maximumAPIVersion)
        return EngineClient(
            socketPath: socketPath, apiVersion: negotiated, engineVersion: version, http: http,
            defaultTimeout: defaultTimeout)
    }

    // MARK: Requests

    /// A request for `path` (starting with `/`) under the negotiated API version.
    func request(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], headers: HTTPHeaders = [:],
        body: HTTPClientRequest.Body = .empty
    ) -> HTTPClientRequest {
        var target = "/v\(apiVersion)\(path)"
        if !query.isEmpty {
            target += "?" + query.map { "\($0.0)=\(EngineClient.percentEncode($0.1))" }.joined(separator: "&")
        }
        var headers = headers
        if headers["Host"] == nil { headers.add(name: "Host", value: "docker") }
        return HTTPClientRequest(
            endpoint: .unix(path: socketPath), method: method, target: target, headers: headers, body: body)
    }

    /// Sends a request and reads the whole answer; a status outside 2xx (and `accepting`) is thrown.
    func send(
        _ request: HTTPClientRequest, accepting extra: Set<Int> = [], deadline: ContinuousClock.Instant?,
        maxBytes: Int = 64 << 20
    ) async throws -> (status: Int, body: [UInt8]) {
        let context = "\(request.method) \(request.target)"
        let (head, body) = try await EngineClient.perform(
            http, request, deadline: deadline ?? .now + defaultTimeout, maxBytes: maxBytes, context: context)
        let status = head.status.code
        guard (200..<300).contains(status) || extra.contains(status) else {
            throw ContainerEngineError.fromResponse(status: status, body: body.readableArray, context: context)
        }
        return (status, body.readableArray)
    }

    /// Sends a request and decodes its JSON answer.
    func sendJSON<Result: Decodable>(
        _ type: Result.Type, _ request: HTTPClientRequest, deadline: ContinuousClock.Instant?
    ) async throws -> Result {
        let (_, body) = try await send(request, deadline: deadline)
        return try EngineClient.decode(type, body, context: "\(request.method) \(request.target)")
    }

    /// Sends a request whose answer is a long stream; returns the response once its head has arrived.
    func open(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant?) async throws -> HTTPClientResponse {
        let context = "\(request.method) \(request.target)"
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: deadline ?? .now + defaultTimeout)
        } catch {
            throw ContainerEngineError.transport(error, context: context)
        }
        let status = response.status.code
        guard (200..<300).contains(status) || status == 101 else {
            let body = (try? await response.collect(maxBytes: 1 << 20, deadline: .now + .seconds(5))) ?? ByteBuffer()
            throw ContainerEngineError.fromResponse(status: status, body: body.readableArray, context: context)
        }
        return response
    }

    static func perform(
        _ http: HTTPClient, _ request: HTTPClientRequest, deadline: ContinuousClock.Instant, maxBytes: Int = 64 << 20,
        context: String
    ) async throws -> (head: HTTPResponseHead, body: ByteBuffer) {
        do {
            return try await http.send(request, maxBytes: maxBytes, deadline: deadline)
        } catch {
            throw ContainerEngineError.transport(error, context: context)
        }
    }

    static func decode<Result: Decodable>(_ type: Result.Type, _ body: [UInt8], context: String) throws -> Result {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw ContainerEngineError(
                code: .invalidResponse, message: "\(context): the engine's answer is not understood: \(error)",
                underlying: error)
        }
    }

    static func encode(_ value: some Encodable) throws -> HTTPClientRequest.Body {
        .bytes(ByteBuffer(bytes: try JSONEncoder().encode(value)))
    }

    static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

    /// Percent-encodes a query value or path segment (everything but unreserved characters).
    static func percentEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// The answer to a create call: the new object's ID.
struct CreatedObject: Decodable {
    var id: String
    private enum CodingKeys: String, CodingKey { case id = "Id" }
}

/// A Docker Engine API version, such as 1.41.
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.41`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// The version to speak: the server's when it is older than ours, otherwise ours. A server that names no
    /// version it can be understood by gets ours.
    public static func negotiate(server: String?, maximum: APIVersion) -> APIVersion {
        guard let server, let version = APIVersion(server) else { return maximum }
        return min(version, maximum)
    }
}

/// The engine's answer to `GET /version`.
public struct EngineVersion: Sendable, Decodable {
    public var version: String
    public var apiVersion: String?
    public var minAPIVersion: String?
    public var os: String?
    public var arch: String?
    /// The components the engine reports, such as "Podman Engine".
    public var componentNames: [String]

    private struct Component: Decodable {
        var name: String
        private enum CodingKeys: String, CodingKey { case name = "Name" }
    }

    private enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion", os = "Os", arch = "Arch"
        case components = "Components"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        minAPIVersion = try container.decodeIfPresent(String.self, forKey: .minAPIVersion)
        os = try container.decodeIfPresent(String.self, forKey: .os)
        arch = try container.decodeIfPresent(String.self, forKey: .arch)
        componentNames = (try container.decodeIfPresent([Component].self, forKey: .components) ?? []).map(\.name)
    }

    /// Whether Podman serves the API.
    public var isPodman: Bool { componentNames.contains { $0.hasPrefix("Podman") } }
}
