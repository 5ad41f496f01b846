import Foundation
import Glibc

/// What a finished child process wrote and how it ended.
public struct ChildProcessOutput: Sendable, Equatable {
    /// The exit status (0 to 255), or nil when a signal ended the child.
    public var exitCode: Int32?
    /// A readable account of how the child ended: "exited with status 128", "killed by signal 9".
    public var exitDescription: String
    /// Everything the child wrote to standard output and standard error, interleaved as written.
    public var text: String
}

/// A child process that did not finish in time; it has been stopped.
public struct ChildProcessTimeoutError: Error, CustomStringConvertible, Sendable {
    /// The program that was started.
    public let executable: String
    /// How long it was given.
    public let timeout: Duration

    public init(executable: String, timeout: Duration) {
        self.executable = executable
        self.timeout = timeout
    }

    public var description: String { "\(executable) did not finish within \(timeout) and was stopped" }
}

extension ChildProcess {
    /// Runs `executable` to completion and returns what it wrote, held in memory.
    ///
    /// Standard output and standard error go to a private temporary file (created exclusively, mode 0600) that is
    /// read once the child has ended and then removed; waiting polls without blocking a concurrency thread.
    /// - Parameters:
    ///   - executable: the program's absolute path.
    ///   - arguments: its arguments, never a shell line.
    ///   - environment: its environment; the current process's when nil.
    ///   - timeout: how long it may run; after that it is stopped (SIGTERM, then SIGKILL) and this throws.
    ///   - maximumBytes: how much output is kept; the rest is dropped from the end.
    /// - Throws: `ChildProcessError` when it cannot be started, `ChildProcessTimeoutError` when it overruns.
    public static func runCapturingOutput(
        executable: String, arguments: [String], environment: [String: String]? = nil, timeout: Duration,
        maximumBytes: Int = 64 << 20
    ) async throws -> ChildProcessOutput {
        let path = NSTemporaryDirectory() + "swiftpod-output-\(UUID().uuidString)"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ChildProcessError(executable: executable, errno: errno)
        }
        close(descriptor)
        defer { unlink(path) }

        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, outputPath: path)
        guard await child.waitForExit(timeout: timeout) else {
            // Helpers the child started (git's remote-https) would outlive it and keep inherited descriptors open.
            for descendant in descendants(of: child.pid) {
                kill(descendant, SIGKILL)
            }
            await child.terminate(gracePeriod: .seconds(2))
            throw ChildProcessTimeoutError(executable: executable, timeout: timeout)
        }
        let data = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: maximumBytes) } ?? nil
        let raw = child.exitStatus ?? 0
        return ChildProcessOutput(
            exitCode: raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil, exitDescription: child.exitDescription,
            text: String(decoding: data ?? Data(), as: UTF8.self))
    }

    /// The processes below `pid` in the process tree, from `/proc`, children before grandchildren.
    static func descendants(of pid: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let process = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (name)": the state, then the parent's ID.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) {
                children[parent, default: []].append(process)
            }
        }
        var result: [pid_t] = []
        var queue = children[pid] ?? []
        while !queue.isEmpty {
            let next = queue.removeFirst()
            result.append(next)
            queue += children[next] ?? []
        }
        return result
    }
}
