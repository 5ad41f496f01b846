import Foundation
import HTTPClient
import Supervisor
import TestSupport
import Testing

/// The `swiftpod-supervisor` executable as a workspace container runs it.
@Suite struct SupervisorProcessTests {
    /// The binary `swift build` put beside the test bundle.
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/swiftpod-supervisor").path

    @Test func parsesOptionsAndNamesTheOneAtFault() throws {
        let options = try SupervisorCommand.options(from: [
            "--socket", "/run/s.sock", "--fresh", "--workspace-dir", "/workspace", "--stop-grace-period", "1.5",
        ])
        #expect(options.socketPath == "/run/s.sock")
        #expect(options.fresh)
        #expect(options.workspaceDirectory == "/workspace")
        #expect(options.stopGracePeriod == .milliseconds(1500))
        for bad in [["--socket"], ["--bogus"], ["--stop-grace-period", "soon"], ["--config", "/nonexistent.json"]] {
            #expect(throws: SupervisorError.self) { try SupervisorCommand.options(from: bad) }
        }
    }

    @Test func stopsItsTasksOnSIGTERMKillingThoseThatIgnoreIt() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-supervisor-process")
        let config = #"""
            {"env": {"HOME": "\#(directory.path)"}, "tasks": [
              {"name": "polite", "command": "echo $$ > polite.pid; exec sleep 600"},
              {"name": "orphaner", "command": "(sleep 3 & echo $! > orphan.pid); exec sleep 600"},
              {"name": "stubborn", "command": "trap '' TERM HUP; echo $$ > stubborn.pid; while true; do sleep 0.1; done"}
            ]}
            """#
        try config.write(toFile: directory.path + "/tasks.json", atomically: false, encoding: .utf8)
        let socket = directory.path + "/supervisor.sock"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "--socket", socket, "--config", directory.path + "/tasks.json", "--workspace-dir", directory.path,
            "--stop-grace-period", "1",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let pids = try await withTimeout {
            while true {
                let texts = ["polite", "stubborn"].compactMap {
                    try? String(contentsOfFile: "\(directory.path)/\($0).pid", encoding: .utf8)
                }
                let pids = texts.compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                if pids.count == 2 { return pids }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let encoded = socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socket
        let (head, _) = try await HTTPClient().send(HTTPClientRequest(url: "http+unix://\(encoded)/status"))
        #expect(head.status == .ok)

        // An orphan (a grandchild whose parent has gone) is reparented to the supervisor, a subreaper, and reaped.
        let orphan = try await withTimeout {
            while true {
                let text = try? String(contentsOfFile: "\(directory.path)/orphan.pid", encoding: .utf8)
                if let pid = text.flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) { return pid }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        // Whoever adopted it, the orphan must not stay behind as a zombie (a zombie keeps its /proc entry). In a
        // full test run other subreapers exist in the test process, so which ancestor adopts it is not asserted.
        try await withTimeout {
            while FileManager.default.fileExists(atPath: "/proc/\(orphan)") {
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        let started = ContinuousClock.now
        process.terminate()
        let exited = try await withTimeout {
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return process.terminationStatus
        }
        #expect(exited == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
        for pid in pids { #expect(kill(pid, 0) != 0) }
    }
}
