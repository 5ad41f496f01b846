import Basics
import Foundation
import HTTP
import HTTPClient
import HTTPServer
import NetIO
import Supervisor
import TestSupport
import Testing

/// `/server/…`: the supervisor passes `gp`'s requests to the server's channel socket beside its own, and answers
/// 503 while there is none.
@Suite struct ServerRelayTests {
    /// Sends `method path` with `body` as JSON to the supervisor.
    private func send(
        _ harness: SupervisorHarness, _ method: HTTPMethod, _ path: String, body: String? = nil
    ) async throws -> (status: Int, contentType: String?, body: String) {
        let headers: HTTPHeaders = body == nil ? [:] : ["Content-Type": "application/json"]
        let request = try HTTPClientRequest(
            url: "http+unix://\(harness.encodedSocket)\(path)", method: method, headers: headers,
            body: body.map { .bytes(ByteBuffer(string: $0)) } ?? .empty)
        let (head, answer) = try await harness.client.send(request, deadline: .now + TestTimeout.loopback)
        return (head.status.code, head.headers["Content-Type"], String(decoding: answer.readableView, as: UTF8.self))
    }

    @Test func withoutTheServersSocketTheAnswerIs503() async throws {
        let harness = try await SupervisorHarness.start()
        #expect(harness.supervisor.options.serverSocketPath == harness.directory.path + "/server.sock")
        let answer = try await send(harness, .get, "/server/env")
        #expect(answer.status == 503)
        let error = try #require(
            (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["error"]
                as? [String: Any])
        #expect(
            error["message"] as? String
                == "the Swiftpod server is not connected to this workspace: there is no "
                + "\(harness.directory.path)/server.sock")
        try await harness.stop()
    }

    @Test func requestsAndAnswersPassThroughUnchanged() async throws {
        let harness = try await SupervisorHarness.start()
        let server = try await RunningServer.start(
            ClosureResponder { request, _ in
                let body = try await request.body.collect(maxBytes: 1 << 16)
                let echo: [String: String] = [
                    "method": request.method.rawValue, "target": String(request.head.target),
                    "contentType": request.headers["Content-Type"] ?? "",
                    "body": String(decoding: body.readableView, as: UTF8.self),
                ]
                let status: HTTPStatus = request.path == "/teapot" ? HTTPStatus(code: 418) : .ok
                return try .json(echo, status: status)
            }, address: .unix(path: harness.directory.path + "/server.sock"))

        let put = try await send(harness, .put, "/server/env/A%20B?x=1&y=%2F", body: #"{"variables":[]}"#)
        #expect(put.status == 200)
        #expect(put.contentType == "application/json")
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(put.body.utf8)) as? [String: String])
        #expect(
            echo == [
                "method": "PUT", "target": "/env/A%20B?x=1&y=%2F", "contentType": "application/json",
                "body": #"{"variables":[]}"#,
            ])
        #expect(try await send(harness, .post, "/server/teapot").status == 418)
        #expect(try await send(harness, .delete, "/server/env/X").status == 200)

        await server.stop()
        #expect(try await send(harness, .get, "/server/env").status == 503)
        try await harness.stop()
    }
}
