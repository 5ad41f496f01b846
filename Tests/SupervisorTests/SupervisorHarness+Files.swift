import Basics
import Foundation
import HTTP
import HTTPClient
import Supervisor
import TestSupport

/// The browser IDE's file and IDE routes as a test calls them.
extension SupervisorHarness {
    /// The answer to one request: status, headers and body bytes.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object.
        var object: [String: any Sendable] {
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: any Sendable]) ?? [:]
        }

        /// The error envelope's code.
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
        /// The error envelope's message.
        var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
    }

    /// A harness whose file root is `ws/` inside its directory, made before the supervisor starts.
    static func startWithFiles(
        configuration: SupervisorConfiguration = SupervisorConfiguration(),
        adjust: @escaping (inout SupervisorOptions, TemporaryDirectory) -> Void = { _, _ in }
    ) async throws -> SupervisorHarness {
        try await start(configuration: configuration) { options, directory in
            try? FileManager.default.createDirectory(
                atPath: directory.path + "/ws", withIntermediateDirectories: true)
            options.configuration.workspaceRoot = directory.path + "/ws"
            adjust(&options, directory)
        }
    }

    /// The file root.
    var root: String { directory.path + "/ws" }

    /// Sends a request with `body` and `headers`.
    func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: HTTPHeaders = [:]
    ) async throws -> Answer {
        let (head, answer) = try await client.send(
            HTTPClientRequest(
                url: "http+unix://\(encodedSocket)\(path)", method: method, headers: headers,
                body: body.map { .bytes(ByteBuffer(bytes: $0)) } ?? .empty))
        return Answer(status: head.status.code, headers: head.headers, body: answer.readableArray)
    }

    /// `path` percent-encoded for a query.
    static func query(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~/")))
            ?? path
    }
}
