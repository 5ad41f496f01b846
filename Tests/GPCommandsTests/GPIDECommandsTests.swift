import Basics
import Foundation
import HTTPClient
import TestSupport
import Testing

/// `gp open` and `gp preview`, end to end: through the supervisor's socket to a browser IDE tab listening for
/// events.
@Suite struct GPIDECommandsTests {
    /// An IDE tab: a subscriber of the supervisor's `GET /ide/events`.
    struct IDETab {
        let events: EventStreamReader

        init(_ workspace: GPWorkspace) async throws {
            let socket =
                workspace.socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                ?? workspace.socketPath
            events = EventStreamReader(
                try await HTTPClient().execute(HTTPClientRequest(url: "http+unix://\(socket)/ide/events")))
        }

        /// The next `open` or `preview` event as `name data`.
        func next() async throws -> String {
            while true {
                let event = try await events.next()
                if event == "end" || event.hasPrefix("open ") || event.hasPrefix("preview ") { return event }
            }
        }
    }

    @Test func openSendsFilesRelativeToTheCurrentDirectoryToTheIDE() async throws {
        let workspace = try await GPWorkspace.start()
        let directory = workspace.directory.path
        try FileManager.default.createDirectory(atPath: directory + "/app/src", withIntermediateDirectories: true)
        try "# app".write(toFile: directory + "/app/README.md", atomically: false, encoding: .utf8)
        try "x".write(toFile: directory + "/app/src/main.swift", atomically: false, encoding: .utf8)
        let tab = try await IDETab(workspace)
        let outcome = await workspace.gp(
            ["open", "README.md", "src/../src/main.swift"], workingDirectory: directory + "/app")
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.isEmpty)
        #expect(try await tab.next() == #"open {"path":"app/README.md"}"#)
        #expect(try await tab.next() == #"open {"path":"app/src/main.swift"}"#)

        let missing = await workspace.gp(["open", "README.md", "nope.txt"], workingDirectory: directory + "/app")
        #expect(missing.status == 1)
        #expect(missing.errors == "gp: cannot open 'nope.txt': there is no such file\n")
        let folder = await workspace.gp(["open", "src"], workingDirectory: directory + "/app")
        #expect(folder.errors == "gp: cannot open 'src': it is a directory\n")
        let outside = await workspace.gp(["open", "/etc/hostname"])
        #expect(outside.status == 1)
        #expect(
            outside.errors == "gp: '/etc/hostname' is outside \(directory): the IDE opens the workspace's files only\n")
        let wait = await workspace.gp(["open", "-w", "app/README.md"])
        #expect(wait.status == 1)
        #expect(wait.errors.contains("`gp open --wait` is not supported"))
        // Nothing was sent for the failed commands: the next event is the next successful one.
        #expect(await workspace.gp(["open", "app/src/main.swift"]).status == 0)
        #expect(try await tab.next() == #"open {"path":"app/src/main.swift"}"#)
        try await workspace.stop()
    }

    @Test func previewSendsTheURLAndShowsLocalhostAtThePortsURL() async throws {
        let workspace = try await GPWorkspace.start()
        let tab = try await IDETab(workspace)
        let environment = ["GITPOD_WORKSPACE_URL": GPWorkspace.workspaceURL]
        let local = await workspace.gp(["preview", "http://localhost:3000/docs?page=2"], environment: environment)
        #expect(local.status == 0, "\(local.errors)")
        #expect(try await tab.next() == #"preview {"url":"http://3000-abc123.localhost:8080/docs?page=2"}"#)
        let external = await workspace.gp(["preview", "--external", "https://example.com/x"], environment: environment)
        #expect(external.status == 0, "\(external.errors)")
        #expect(try await tab.next() == #"preview {"external":true,"url":"https://example.com/x"}"#)
        let notHTTP = await workspace.gp(["preview", "file:///etc/passwd"])
        #expect(notHTTP.status == 64)
        #expect(notHTTP.errors.contains("'file:///etc/passwd' is not an http:// or https:// URL"))
        try await workspace.stop()
    }

    @Test func withoutASupervisorTheCommandsSaySo() async throws {
        let workspace = try await GPWorkspace.start()
        try "x".write(toFile: workspace.directory.path + "/f", atomically: false, encoding: .utf8)
        let outcome = await workspace.gp(
            ["open", "f"], environment: ["SWIFTPOD_SUPERVISOR_SOCKET": workspace.directory.path + "/none.sock"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("cannot reach the workspace supervisor at"))
        try await workspace.stop()
    }
}
