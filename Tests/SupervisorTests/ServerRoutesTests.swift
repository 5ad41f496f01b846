import Basics
import Foundation
import HTTP
import HTTPClient
import TestSupport
import Testing

@testable import Supervisor

/// The routes the Swiftpod server uses: `POST /exec` and `GET /terminals/:id/scrollback`.
@Suite struct ServerRoutesTests {
    private func exec(_ harness: SupervisorHarness, _ body: String) async throws -> (status: Int, json: [String: Any]) {
        let (head, bytes) = try await harness.client.send(
            HTTPClientRequest(
                url: "http+unix://\(harness.encodedSocket)/exec", method: .post,
                headers: ["Content-Type": "application/json"], body: .bytes(ByteBuffer(string: body))),
            deadline: .now + .seconds(30))
        let json = try JSONSerialization.jsonObject(with: Data(bytes.readableView)) as? [String: Any] ?? [:]
        return (head.status.code, json)
    }

    @Test func execRunsAnArgumentArrayInTheWorkspaceDirectoryWithItsStatusAndOutput() async throws {
        let harness = try await SupervisorHarness.start(configuration: SupervisorConfiguration(env: ["FROM": "config"]))
        let run = try await exec(harness, #"{"command":["sh","-c","pwd; echo $FROM; echo oops >&2; exit 7"]}"#)
        #expect(run.status == 200)
        #expect(run.json["exitCode"] as? Int == 7)
        #expect(run.json["timedOut"] as? Bool == false)
        let realDirectory = URL(fileURLWithPath: harness.directory.path).resolvingSymlinksInPath().path
        let output = try #require(run.json["output"] as? String)
        #expect(output == "\(harness.directory.path)\nconfig\noops\n" || output == "\(realDirectory)\nconfig\noops\n")

        let literal = try await exec(harness, #"{"command":["echo","$FROM; `id`"]}"#)
        #expect(literal.json["output"] as? String == "$FROM; `id`\n")

        let slow = try await exec(harness, #"{"command":["sleep","30"],"timeout":0.5}"#)
        #expect(slow.json["timedOut"] as? Bool == true)
        #expect(slow.json["exitCode"] is NSNull)

        for (body, message) in [
            (#"{"command":[]}"#, "'command' must name a program: an array such as [\"ls\", \"-la\"]"),
            (
                #"{"command":["A=B","sh"]}"#,
                "'command' must not contain NUL bytes, and its program must not contain '='"
            ),
            (#"{"command":["true"],"timeout":-1}"#, "'timeout' must be a number of seconds above 0 and at most 3600"),
        ] {
            let refused = try await exec(harness, body)
            #expect(refused.status == 400)
            #expect((refused.json["error"] as? [String: Any])?["message"] as? String == message)
        }
        try await harness.stop()
    }

    /// With `"stream": true` the output comes as it is written, one JSON object per line, and the end last.
    @Test func aStreamedExecSendsItsOutputAsItComesAndItsEndLast() async throws {
        let harness = try await SupervisorHarness.start(configuration: SupervisorConfiguration())
        func stream(_ body: String) async throws -> [(line: [String: Any], at: ContinuousClock.Instant)] {
            let response = try await harness.client.execute(
                HTTPClientRequest(
                    url: "http+unix://\(harness.encodedSocket)/exec", method: .post,
                    headers: ["Content-Type": "application/json"], body: .bytes(ByteBuffer(string: body))),
                deadline: .now + .seconds(30))
            #expect(response.headers["Content-Type"] == "application/x-ndjson")
            var lines: [(line: [String: Any], at: ContinuousClock.Instant)] = []
            var text = ""
            while let piece = try await response.read(deadline: .now + .seconds(30)) {
                text += String(decoding: piece.readableView, as: UTF8.self)
                while let newline = text.firstIndex(of: "\n") {
                    let object = try JSONSerialization.jsonObject(with: Data(text[..<newline].utf8))
                    lines.append((object as? [String: Any] ?? [:], .now))
                    text.removeSubrange(...newline)
                }
            }
            return lines
        }
        let started = ContinuousClock.now
        let lines = try await stream(
            #"{"command":["sh","-c","echo first; sleep 1; printf 'caf\\303\\251 second\\n'; exit 5"],"stream":true}"#)
        let outputs = lines.compactMap { $0.line["output"] as? String }
        #expect(outputs.joined() == "first\ncafé second\n", "\(lines.map(\.line))")
        // The first line arrived while the command still slept.
        let first = try #require(lines.first)
        #expect(first.line["output"] as? String == "first\n")
        #expect(first.at - started < .milliseconds(900), "\(first.at - started)")
        let end = try #require(lines.last?.line)
        #expect(end["exitCode"] as? Int == 5)
        #expect(end["timedOut"] as? Bool == false)

        let slow = try await stream(#"{"command":["sleep","30"],"timeout":0.5,"stream":true}"#)
        #expect(slow.last?.line["timedOut"] as? Bool == true)
        #expect(slow.last?.line["exitCode"] is NSNull)
        try await harness.stop()
    }

    @Test(arguments: [
        ([UInt8]("abc".utf8), 3), ([0x61, 0xC3], 1), ([0x61, 0xC3, 0xA9], 3), ([0xE2, 0x82], 0),
        ([0xF0, 0x9F, 0x98], 0), ([0xF0, 0x9F, 0x98, 0x80], 4), ([0x80, 0x80], 2),
    ])
    func outputIsCutBetweenCharacters(bytes: [UInt8], complete: Int) {
        let (prefix, rest) = UTF8Split.completePrefix(bytes)
        #expect(prefix.count == complete)
        #expect(prefix + rest == bytes)
    }

    @Test func aTerminalsScrollbackIsServedAsBytes() async throws {
        let harness = try await SupervisorHarness.start(
            configuration: SupervisorConfiguration(tasks: [TaskConfiguration(command: "echo scrollback-marker")]))
        let tasks = try await harness.waitForTasks { $0.first?["state"] as? String == "exited" }
        let terminal = try #require(tasks.first?["terminal"] as? String)
        let (status, body) = try await harness.request(.get, "/terminals/\(terminal)/scrollback")
        #expect(status == 200)
        #expect(body.contains("scrollback-marker"))
        #expect(try await harness.request(.get, "/terminals/999/scrollback").status == 404)
        try await harness.stop()
    }
}
