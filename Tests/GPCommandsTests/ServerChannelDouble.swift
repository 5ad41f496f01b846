import Foundation
import HTTP
import HTTPServer
import SwiftpodAPI
import Synchronization
import TestSupport

/// A stand-in for the server's channel on `server.sock` beside the supervisor's socket, answering as the server
/// does and recording what `gp` asked. The server's own handlers are tested in SwiftpodServerTests; here the
/// subject is `gp`'s requests and what it prints.
final class ServerChannelDouble: Sendable {
    let running: RunningServer
    private let log: RequestLog

    /// Every request so far, as `METHOD TARGET BODY`.
    var received: [String] { log.lines.withLock { $0 } }

    private init(running: RunningServer, log: RequestLog) {
        self.running = running
        self.log = log
    }

    static func start(beside workspace: GPWorkspace) async throws -> ServerChannelDouble {
        let log = RequestLog()
        let running = try await RunningServer.start(
            responder(log), address: .unix(path: workspace.directory.path + "/server.sock"))
        return ServerChannelDouble(running: running, log: log)
    }

    func stop() async {
        await running.stop()
    }

    /// The requests the responder has seen.
    final class RequestLog: Sendable {
        let lines = Mutex<[String]>([])
    }

    static let timeout30m = #"{"timeout":"30m","seconds":1800,"humanReadable":"30 minutes","isDefault":true}"#

    private static func responder(_ log: RequestLog) -> any HTTPResponder {
        var router = Router()
        let record: @Sendable (HTTPRequest) async throws -> String = { request in
            let body = try await request.body.collect(maxBytes: 1 << 16)
            let text = String(decoding: body.readableView, as: UTF8.self)
            let line = "\(request.method.rawValue) \(request.head.target)" + (text.isEmpty ? "" : " \(text)")
            log.lines.withLock { $0.append(line) }
            return text
        }
        router.get("/workspace") { request, _ in
            _ = try await record(request)
            return try .json(
                WorkspaceChannel.Workspace(
                    workspaceID: "w1", instanceID: "i1", phase: "running", owner: "ada",
                    contextURL: "https://github.com/ada/project", cloneURL: "https://github.com/ada/project.git",
                    repository: "ada/project", commit: "0123456789abcdef0123456789abcdef01234567",
                    timeout: WorkspaceChannel.Timeout(
                        timeout: "30m", seconds: 1800, humanReadable: "30 minutes", isDefault: true)))
        }
        router.get("/env") { request, _ in
            _ = try await record(request)
            return .json(
                encodedJSON: #"{"repositoryPattern":"ada/project","variables":[{"name":"BAR","value":"b","#
                    + #""repositoryPattern":"*/*"},{"name":"FOO","value":"it's $HOME \"x\"","#
                    + #""repositoryPattern":"ada/project"}]}"#)
        }
        router.put("/env") { request, _ in
            let body = try await record(request)
            let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: [[String: String]]]
            let variables = (object?["variables"] ?? []).map {
                ["name": $0["name"] ?? "", "value": $0["value"] ?? "", "repositoryPattern": "ada/project"]
            }
            return try .json(["repositoryPattern": AnyEncodable("ada/project"), "variables": AnyEncodable(variables)])
        }
        router.delete("/env/:name") { request, context in
            _ = try await record(request)
            return try .json(
                WorkspaceChannel.Unset(
                    name: try context.parameter("name"), repositoryPattern: "ada/project", deleted: true))
        }
        router.get("/timeout") { request, _ in
            _ = try await record(request)
            return .json(encodedJSON: timeout30m)
        }
        router.put("/timeout") { request, _ in
            let body = try await record(request)
            guard body.contains("2h") else {
                throw HTTPError(.unprocessableContent, message: "a timeout of 25h is too long: the longest is 24h")
            }
            return .json(encodedJSON: #"{"timeout":"2h","seconds":7200,"humanReadable":"2 hours","isDefault":false}"#)
        }
        router.post("/timeout/extend") { request, _ in
            _ = try await record(request)
            return .json(encodedJSON: #"{"timeout":"3h","seconds":10800,"humanReadable":"3 hours","isDefault":false}"#)
        }
        router.post("/stop") { request, _ in
            _ = try await record(request)
            return .json(status: .accepted, encodedJSON: #"{"workspaceID":"w1","phase":"stopping"}"#)
        }
        router.put("/ports/:port") { request, context in
            _ = try await record(request)
            let port = try context.parameter("port")
            return .json(
                encodedJSON: #"{"port":\#(port),"url":"http://\#(port)-w1.localhost:8080","visibility":"public","#
                    + #""state":"open"}"#)
        }
        return router.responder()
    }
}

/// Any encodable value, for mixed dictionaries.
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void

    init<Value: Encodable & Sendable>(_ value: Value) {
        encodeValue = { try value.encode(to: $0) }
    }

    func encode(to encoder: any Encoder) throws {
        try encodeValue(encoder)
    }
}
