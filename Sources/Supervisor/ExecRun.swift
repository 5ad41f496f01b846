import Foundation
import HTTPServer
import Subprocess
import Synchronization

/// A command started by `POST /exec`: its standard output and error go to a file of their own, which the answer
/// reads at the end or as it grows.
///
/// Its exit status comes from the supervisor's own reaper: as PID 1 the supervisor reaps every child, so waiting for
/// the pid anywhere else would race it for the status.
struct ExecRun: Sendable {
    let pid: pid_t
    let outputPath: String
    let supervisor: Supervisor

    /// Starts `executable` with its output going to a new private file.
    /// - Throws: `HTTPError` 500 naming `command` when the file or the process cannot be made.
    static func start(
        executable: String, arguments: [String], environment: [String: String], command: String,
        supervisor: Supervisor
    ) throws -> ExecRun {
        let outputPath = NSTemporaryDirectory() + "swiftpod-exec-\(UUID().uuidString).out"
        let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw HTTPError(.internalServerError, message: "cannot run \(command): cannot create its output file")
        }
        close(descriptor)
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, environment: environment, outputPath: outputPath)
        } catch {
            unlink(outputPath)
            throw HTTPError(.internalServerError, message: "cannot run \(command): \(error)")
        }
        supervisor.children.track(child.pid)
        return ExecRun(pid: child.pid, outputPath: outputPath, supervisor: supervisor)
    }

    /// Waits for the command to end and returns its status (as a shell does, 128 + N for signal N), or kills it and
    /// what it started at `timeout` and returns nil. It has been reaped either way when this returns.
    func wait(timeout: Duration) async -> Int32? {
        let (pid, supervisor) = (pid, supervisor)
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await supervisor.children.exitCode(of: pid) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil { kill() }
            // The group waits for the exit-code task too: the command has been reaped when it returns.
            group.cancelAll()
            return first
        }
    }

    /// Kills the command and everything it started; the reaper then collects them.
    func kill() {
        for descendant in ChildProcess.descendants(of: pid) { Glibc.kill(descendant, SIGKILL) }
        Glibc.kill(pid, SIGKILL)
    }

    func removeOutput() {
        unlink(outputPath)
    }
}
