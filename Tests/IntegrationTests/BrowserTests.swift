import Foundation
import TestSupport
import Testing

/// The dashboard and the browser IDE in a real Chromium (Debian's `chromium` and `chromium-driver`, driven by
/// Selenium from `Tests/Fixtures/python/browser_flow.py`), against the real server with Podman: sign in, create a
/// workspace from a local repository, watch it reach running, see a task's output in its terminal, type a command
/// in a new terminal, edit and save a file, and open a port from the ports panel. A screenshot of every step goes
/// to `test-screenshots/browser/` in the checkout.
@Suite(.serialized) struct BrowserTests {
    /// Where the screenshots go: a folder of the checkout that git ignores.
    static let screenshots =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/test-screenshots/browser"

    static let script =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
        + "/Fixtures/python/browser_flow.py"

    @Test func aUserWorksInAWorkspaceFromTheBrowser() async throws {
        try await withEngine(prefix: "browser") { engine, directory in
            let binaries = try await WorkspaceBinaries.directory()
            let server = try await SwiftpodServerProcess.start(
                engineSocket: engine.socketPath, binaries: binaries, directory: directory.path)
            defer { server.kill() }
            let taskMarker = "task-says-hello-\(UInt32.random(in: 1000...9999))"
            let pageMarker = "served-by-the-dev-server-\(UInt32.random(in: 1000...9999))"
            let repository = try await LocalRepository(files: [
                ".gitpod.yml": """
                tasks:
                  - name: dev server
                    command: echo \(taskMarker) && python3 -m http.server 3000 --bind 127.0.0.1
                ports:
                  - port: 3000
                    onOpen: notify
                """,
                "README.md": "# The project\n\nA repository for the browser test.\n",
                "index.html": "<!doctype html><title>dev server</title><p>\(pageMarker)</p>\n",
            ])
            let result = try await runProcess(
                "/usr/bin/env", ["python3", Self.script],
                environment: ProcessInfo.processInfo.environment.merging([
                    "SWIFTPOD_URL": server.publicURL, "SWIFTPOD_USER": "root",
                    "SWIFTPOD_PASSWORD": SwiftpodServerProcess.password, "SWIFTPOD_TOKEN": server.adminToken,
                    "REPOSITORY_URL": repository.contextURL, "TASK_MARKER": taskMarker, "PAGE_MARKER": pageMarker,
                    "SCREENSHOTS": Self.screenshots,
                ]) { $1 })
            #expect(
                result.status == 0,
                "\(result.standardOutput)\n\(result.standardError)\nscreenshots: \(Self.screenshots)")
            #expect(result.standardOutput.contains("browser flow passed"), "\(result.standardOutput)")
            print(result.standardOutput, terminator: "")
            try await server.stop()
        }
    }
}
