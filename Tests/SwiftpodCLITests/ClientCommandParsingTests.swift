import CommandLineKit
import Foundation
import SwiftpodClient
import TestSupport
import Testing

@testable import SwiftpodCLI

/// The client commands' arguments: what parses, and the message for what does not.
@Suite struct ClientCommandParsingTests {
    @Test(arguments: [
        ("A=1", "A", "1"), ("_x=", "_x", ""), ("URL=http://h/?a=b", "URL", "http://h/?a=b"), ("a9=é ö", "a9", "é ö"),
    ])
    func parsesAssignments(text: String, name: String, value: String) throws {
        #expect(try EnvironmentAssignment(parsing: text) == EnvironmentAssignment(name: name, value: value))
    }

    @Test(arguments: [
        ("NOVALUE", "'NOVALUE' is not an assignment: expected NAME=VALUE"),
        ("=1", "the variable name is empty: expected NAME=VALUE"),
        ("9A=1", "'9A' is not a variable name: use letters, digits and '_', not starting with a digit"),
        ("A-B=1", "'A-B' is not a variable name: use letters, digits and '_', not starting with a digit"),
        ("Ä=1", "'Ä' is not a variable name: use letters, digits and '_', not starting with a digit"),
    ])
    func refusesBadAssignments(text: String, message: String) {
        #expect(throws: EnvironmentAssignmentError(message)) { try EnvironmentAssignment(parsing: text) }
    }

    @Test(arguments: [("90s", 90), ("10m", 600), ("1h", 3600), ("45", 45)])
    func parsesDurations(text: String, seconds: Int64) {
        #expect(WorkspaceCommand.parseDuration(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "0s", "-5s", "1d", "1.5m", "m", "99999999s"])
    func refusesBadDurations(text: String) {
        #expect(WorkspaceCommand.parseDuration(text) == nil)
    }

    @Test func createTakesEnvironmentAndImageAndRefusesBadOnes() throws {
        let create = try WorkspaceCreateCommand.parse([
            "https://github.com/o/r", "--env", "A=1", "--env", "B=x=y", "--image", "debian:bookworm", "--wait",
        ])
        #expect(create.request.env == ["A": "1", "B": "x=y"])
        #expect(create.request.image == "debian:bookworm")
        #expect(create.wait)
        #expect(create.timeout == .seconds(1800))
        #expect(throws: ValidationError("invalid value for '--env': 'A' is not an assignment: expected NAME=VALUE")) {
            try WorkspaceCreateCommand.parse(["https://github.com/o/r", "--env", "A"])
        }
        #expect(throws: ValidationError.self) { try WorkspaceCreateCommand.parse(["u", "--image", "a b"]) }
        #expect(throws: (any Error).self) { try WorkspaceCreateCommand.parse(["u", "--timeout", "soon"]) }
    }

    @Test func execTakesEverythingAfterTheSeparatorAsTheCommand() throws {
        let exec = try WorkspaceExecCommand.parse(["ws1", "--timeout", "5m", "--", "sh", "-c", "echo hi; exit 3"])
        #expect(exec.id == "ws1")
        #expect(exec.command == ["sh", "-c", "echo hi; exit 3"])
        #expect(exec.timeout == .seconds(300))
        #expect(throws: (any Error).self) { try WorkspaceExecCommand.parse(["ws1"]) }
        #expect(throws: ValidationError.self) { try WorkspaceExecCommand.parse(["ws1", "--", ""]) }
        #expect(throws: ValidationError.self) {
            try WorkspaceExecCommand.parse(["ws1", "--timeout", "2h", "--", "ls"])
        }
    }

    @Test func tokenLifetimesAndPortVisibilitiesAreChecked() throws {
        #expect(try TokenCreateCommand.parse(["--expires", "never"]).lifetime == .never)
        #expect(try TokenCreateCommand.parse([]).lifetime == .seconds(30 * 86_400))
        #expect {
            try TokenCreateCommand.parse(["--expires", "30x"])
        } throws: { error in
            (error as? ValidationError)?.message.hasPrefix("invalid value for '--expires': invalid lifetime '30x'")
                == true
        }
        #expect(try PortsVisibilityCommand.parse(["ws1", "3000", "public"]).port == 3000)
        #expect(throws: ValidationError.self) { try PortsVisibilityCommand.parse(["ws1", "3000", "everyone"]) }
        #expect(throws: ValidationError.self) { try PortsVisibilityCommand.parse(["ws1", "70000", "public"]) }
        #expect(throws: ValidationError.self) { try EnvSetCommand.parse(["1BAD=x"]) }
        #expect(throws: ValidationError.self) { try LoginCommand.parse(["ftp://files.example.com"]) }
        #expect(throws: ValidationError.self) { try LoginCommand.parse(["--password-stdin"]) }
    }

    @Test func portURLsAreTheListedOnesOrBuiltFromTheIDEHost() throws {
        let json = #"""
            {"id":"ws1","phase":"running","phaseTimes":{},"failure":null,"contextURL":"file:///r.git",
             "repository":{"cloneURL":"file:///r.git","ref":"main","commit":"abc"},"contentSource":"git",
             "ideURL":"http://ws1.localhost:8080","image":null,"createdAt":"2026-12-04T21:00:00Z",
             "ports":[{"port":3000,"url":"http://3000-ws1.localhost:8080","visibility":"public","state":"open"}]}
            """#
        let workspace = try APIClient.decoder.decode(Workspace.self, from: Data(json.utf8))
        #expect(WorkspaceURLCommand.url(of: workspace, port: nil) == "http://ws1.localhost:8080")
        #expect(WorkspaceURLCommand.url(of: workspace, port: 3000) == "http://3000-ws1.localhost:8080")
        #expect(WorkspaceURLCommand.url(of: workspace, port: 8080) == "http://8080-ws1.localhost:8080")
        #expect(
            WorkspaceGetCommand.summary(workspace).contains(
                "port 3000    http://3000-ws1.localhost:8080 (public, open)"))

        // A start waits past the stopped instance's state, not past a new instance that stopped or failed.
        var stopped = workspace
        stopped.phase = "stopped"
        stopped.phaseTimes = ["preparing": Date(timeIntervalSince1970: 0), "stopped": Date(timeIntervalSince1970: 60)]
        #expect(!WorkspaceStartCommand.isNewInstance(stopped, before: stopped))
        var preparing = stopped
        preparing.phase = "preparing"
        preparing.phaseTimes = ["preparing": Date(timeIntervalSince1970: 120)]
        #expect(WorkspaceStartCommand.isNewInstance(preparing, before: stopped))
        var stoppedAgain = preparing
        stoppedAgain.phase = "stopped"
        #expect(WorkspaceStartCommand.isNewInstance(stoppedAgain, before: stopped))

        // Watch prints each change once, whichever stream sees it first, and nothing after a deletion.
        let log = WatchLog()
        #expect(log.record(workspace)?.line(at: Date()).hasSuffix("  ws1  running") == true)
        #expect(log.record(workspace) == nil)
        var failed = workspace
        failed.phase = "failed"
        failed.failure = "init exited with 2"
        #expect(log.record(failed)?.line(at: Date()).hasSuffix("  ws1  failed  init exited with 2") == true)
        #expect(log.recordDeleted("ws1")?.jsonLine == #"{"id":"ws1","phase":"deleted"}"#)
        #expect(log.recordDeleted("ws1") == nil)
        #expect(log.record(workspace) == nil)
        #expect(log.isDeleted("ws1"))
    }

    @Test func theBrowserOpensOnlyInADesktopSession() throws {
        let directory = try TemporaryDirectory(prefix: "xdg-open")
        let opener = directory.path + "/xdg-open"
        #expect(FileManager.default.createFile(atPath: opener, contents: Data("#!/bin/sh\n".utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opener)
        let path = "relative:/nonexistent:\(directory.path)"
        #expect(WorkspaceOpenCommand.browserOpener(environment: ["PATH": path]) == nil)
        #expect(WorkspaceOpenCommand.browserOpener(environment: ["PATH": path, "DISPLAY": ""]) == nil)
        #expect(WorkspaceOpenCommand.browserOpener(environment: ["PATH": path, "DISPLAY": ":0"]) == opener)
        #expect(
            WorkspaceOpenCommand.browserOpener(environment: ["PATH": path, "WAYLAND_DISPLAY": "wayland-0"]) == opener)
        #expect(WorkspaceOpenCommand.browserOpener(environment: ["PATH": "/nonexistent", "DISPLAY": ":0"]) == nil)
    }
}
