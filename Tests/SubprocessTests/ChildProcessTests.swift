import Foundation
import Subprocess
import Testing

@Suite struct ChildProcessTests {
    @Test func childProcessStopsOnSIGTERM() async throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["60"])
        #expect(child.isRunning)
        // Ended by SIGTERM itself (a child that ignored it would be ended by the SIGKILL fallback, signal 9).
        await child.terminate(gracePeriod: .seconds(30))
        #expect(!child.isRunning)
        #expect(child.exitDescription == "killed by signal 15")
    }

    @Test func aMissingProgramIsAnErrorThatNamesIt() {
        let error = #expect(throws: ChildProcessError.self) {
            _ = try ChildProcess(executable: "/nonexistent/program", arguments: [])
        }
        #expect(error?.description == "cannot start /nonexistent/program: No such file or directory")
    }

    @Test func outputIsAppendedToTheFile() async throws {
        let path = NSTemporaryDirectory() + "child-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2"], outputPath: path)
        #expect(await child.waitForExit(timeout: .seconds(30)))
        #expect(child.exitDescription == "exited with status 0")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "out\nerr\n")
    }
}
