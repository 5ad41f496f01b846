import Foundation
import Subprocess
import Testing

@Suite struct ChildProcessRunTests {
    @Test func outputAndStatusAreCaptured() async throws {
        let output = try await ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(30))
        #expect(output.output == "out\nerr\n")
        #expect(output.exitCode == 3)
        #expect(output.exitDescription == "exited with status 3")
    }

    @Test func theEnvironmentIsPassed() async throws {
        let output = try await ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", "printf %s \"$GREETING\""], environment: ["GREETING": "hello"],
            timeout: .seconds(30))
        #expect(output.output == "hello")
        #expect(output.exitCode == 0)
    }

    @Test func aChildThatOverrunsIsStopped() async throws {
        let error = await #expect(throws: CapturedRunInterrupted.self) {
            _ = try await ChildProcess.run(
                executable: "/bin/sleep", arguments: ["60"], timeout: .milliseconds(100))
        }
        #expect(error?.description.contains("/bin/sleep did not finish within") == true)
    }
}

extension ChildProcessRunTests {
    /// A grandchild would otherwise outlive its parent and hold inherited descriptors open.
    @Test func anOverrunStopsTheChildsChildrenToo() async throws {
        let pidFile = NSTemporaryDirectory() + "grandchild-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        await #expect(throws: CapturedRunInterrupted.self) {
            _ = try await ChildProcess.run(
                executable: "/bin/sh", arguments: ["-c", "sleep 60 & echo $! > \"$1\"; wait", "sh", pidFile],
                timeout: .seconds(1))
        }
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        let grandchild = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        // SIGKILL is delivered asynchronously: wait (up to a generous limit) for the grandchild to be gone.
        let deadline = ContinuousClock.now + .seconds(10)
        while !isGone(grandchild), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(isGone(grandchild), "the grandchild \(grandchild) is still running")
    }

    private func isGone(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[close...].dropFirst(2).first == "Z"
    }
}
