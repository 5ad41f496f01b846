import Foundation
import Glibc

/// A program that ran to its end, or was stopped: how it ended and what it wrote.
public struct CapturedRun: Sendable {
    /// The exit status when the program exited, nil when a signal ended it.
    public var exitCode: Int32?
    /// How the program ended, such as "exited with status 128".
    public var exitDescription: String
    /// Standard output and standard error together, in the order they were written.
    public var output: String

    /// Whether the program exited with status 0.
    public var succeeded: Bool { exitCode == 0 }
}

/// A captured run that did not finish in time, or whose task was cancelled; the program has been stopped.
public struct CapturedRunInterrupted: Error, CustomStringConvertible, Sendable {
    /// The program that was stopped.
    public let executable: String
    /// The time limit it ran past, or nil when its task was cancelled.
    public let timeout: Duration?
    /// What it had written before it was stopped.
    public let output: String

    public var description: String {
        if let timeout { return "\(executable) did not finish within \(timeout) and was stopped" }
        return "\(executable) was stopped because its task was cancelled"
    }
}

extension ChildProcess {
    /// Runs `executable` to its end and returns its combined output, stopping it (SIGTERM, then SIGKILL) when it
    /// runs past `timeout` or the calling task is cancelled.
    ///
    /// The output goes to a file in `scratchDirectory`, removed afterwards, rather than to a pipe, so a chatty program
    /// never stalls on a full pipe; only its last `outputLimit` bytes are kept. Waiting polls without blocking a
    /// thread of the concurrency pool.
    /// - Throws: `ChildProcessError` when the program cannot be started, `CapturedRunInterrupted` when it was stopped.
    public static func run(
        executable: String, arguments: [String], environment: [String: String]? = nil, timeout: Duration,
        scratchDirectory: String = NSTemporaryDirectory(), outputLimit: Int = 1 << 20
    ) async throws -> CapturedRun {
        let outputPath = (scratchDirectory as NSString).appendingPathComponent("run-\(UUID().uuidString).out")
        // Made readable by its owner only before the program starts, as the output may name private URLs.
        let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw ChildProcessError(executable: executable, errno: errno) }
        close(descriptor)
        defer { unlink(outputPath) }
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, outputPath: outputPath)
        let deadline = ContinuousClock.now + timeout
        while child.isRunning {
            let cancelled = Task.isCancelled
            if cancelled || ContinuousClock.now >= deadline {
                // Helpers the program started (git's remote-https, ssh) would outlive it and keep descriptors open.
                for descendant in descendants(of: child.pid) { kill(descendant, SIGKILL) }
                await child.terminate(gracePeriod: .seconds(2))
                throw CapturedRunInterrupted(
                    executable: executable, timeout: cancelled ? nil : timeout,
                    output: readTail(outputPath, limit: outputLimit))
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let raw = child.exitStatus ?? 0
        let exitCode: Int32? = raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil
        return CapturedRun(
            exitCode: exitCode, exitDescription: child.exitDescription,
            output: readTail(outputPath, limit: outputLimit))
    }

    /// The last `limit` bytes of the file at `path`, or "" when it cannot be read.
    private static func readTail(_ path: String, limit: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(limit) ? size - UInt64(limit) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The processes below `pid` in the process tree, from `/proc`, children before grandchildren.
    public static func descendants(of pid: pid_t) -> [pid_t] {
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
