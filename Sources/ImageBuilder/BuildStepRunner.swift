import Basics
import ContainerEngine
import Foundation
import Glibc
import Subprocess

/// Runs the programs of an image build one after another, each to completion, with their output appended to one
/// log file, and hands each new line of that log to the logger at debug level.
struct BuildStepRunner: Sendable {
    /// The log every program's output is appended to.
    let logPath: String
    let logger: Logger
    /// `PATH` and the locale for the programs; nothing else of the caller's environment leaks into a build.
    let environment: [String: String]

    init(logPath: String, logger: Logger) {
        self.logPath = logPath
        self.logger = logger
        self.environment = [
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
            "DEBIAN_FRONTEND": "noninteractive", "HOME": "/root",
        ]
    }

    /// Runs `program` with `arguments` (never through a shell) and waits for it to end.
    /// - Parameters:
    ///   - step: the step's name, for the error message.
    ///   - timeout: how long the program may run; it is then stopped.
    /// - Throws: `ImageBuilderError` when the program cannot start, fails, or times out; the message ends with the
    ///   last lines it printed.
    func run(_ step: String, _ program: String, _ arguments: [String], timeout: Duration) async throws {
        guard let executable = Self.findExecutable(program, path: environment["PATH"] ?? "") else {
            throw ImageBuilderError(
                code: .toolMissing, message: "\(step): \(program) is not installed (scripts/setup installs it)")
        }
        let start = Self.logSize(logPath)
        logger.debug("running \(([program] + arguments).joined(separator: " "))", ["image.step": step])
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, environment: environment, outputPath: logPath)
        } catch {
            throw ImageBuilderError(code: .stepFailed, message: "\(step): \(error)", underlying: error)
        }
        var forwarded = start
        let deadline = ContinuousClock.now + timeout
        while child.isRunning {
            if ContinuousClock.now >= deadline {
                await child.terminate()
                throw ImageBuilderError(
                    code: .timedOut,
                    message: "\(step): \(program) did not finish within \(timeout)\(lastLines(since: start))")
            }
            try? await Task.sleep(for: .milliseconds(200))
            forwarded = forwardNewLines(from: forwarded)
        }
        _ = forwardNewLines(from: forwarded)
        guard child.exitStatus == 0 else {
            throw ImageBuilderError(
                code: .stepFailed, message: "\(step): \(program) \(child.exitDescription)\(lastLines(since: start))")
        }
    }

    /// Hands the complete lines written to the log since `offset` to the logger; returns where it stopped.
    private func forwardNewLines(from offset: UInt64) -> UInt64 {
        guard logger.level <= .debug, let data = Self.read(logPath, from: offset),
            let lastNewline = data.lastIndex(of: UInt8(ascii: "\n"))
        else { return offset }
        let complete = data[data.startIndex...lastNewline]
        for line in String(decoding: complete, as: UTF8.self).split(separator: "\n") {
            logger.debug(String(line))
        }
        return offset + UInt64(complete.count)
    }

    /// The last lines of the log written since `offset`, as the end of an error message.
    private func lastLines(since offset: UInt64, count: Int = 15) -> String {
        guard let data = Self.read(logPath, from: offset) else { return "" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(count)
        if lines.isEmpty { return "" }
        return "; its last output (all of it in \(logPath)):\n" + lines.joined(separator: "\n")
    }

    private static func logSize(_ path: String) -> UInt64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    private static func read(_ path: String, from offset: UInt64) -> Data? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        do {
            try file.seek(toOffset: offset)
            return try file.readToEnd()
        } catch {
            return nil
        }
    }

    /// The full path of `program` on `path` (a `PATH` value), or `program` itself when it is a path.
    static func findExecutable(_ program: String, path: String) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
