import Foundation
import Subprocess

/// Runs the git CLI: arguments as an array, a clean environment, a time limit on every call, and a `GitError`
/// carrying git's last lines when it fails.
///
/// The environment is the server's without any `GIT_*` variable, plus `GIT_TERMINAL_PROMPT=0` and an `ssh` in batch
/// mode, so git never waits for a password; `LC_ALL=C` keeps its messages in English. Every call also gets
/// `protocol.ext.allow=never` and no fsmonitor, so no repository setting can make git run a program.
public struct GitCLI: Sendable {
    /// Time limits for git calls.
    public struct Timeouts: Sendable {
        /// For calls that reach a remote (clone, fetch).
        public var network: Duration
        /// For calls on this machine (local clone, checkout, rev-parse, config).
        public var local: Duration

        public init(network: Duration = .seconds(600), local: Duration = .seconds(300)) {
            self.network = network
            self.local = local
        }
    }

    /// The git program.
    public let executable: String
    /// The time limits.
    public let timeouts: Timeouts
    private let environment: [String: String]

    /// Finds `git` on `PATH` (or uses `executable`).
    /// - Throws: `GitError.gitUnavailable` when there is no git program.
    public init(executable: String? = nil, timeouts: Timeouts = Timeouts()) throws {
        let inherited = ProcessInfo.processInfo.environment
        guard let found = executable ?? Self.find("git", path: inherited["PATH"]) else {
            throw GitError(code: .gitUnavailable, message: "the git program is not on PATH; install git")
        }
        self.executable = found
        self.timeouts = timeouts
        var environment = inherited.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
        environment["LC_ALL"] = "C"
        environment["PATH"] = inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        self.environment = environment
    }

    /// Runs `git <arguments>` and returns its output (standard output and standard error together).
    /// - Parameters:
    ///   - arguments: git's arguments after the global options; anything from users comes after `--`.
    ///   - directory: where git runs (`git -C`), or nil.
    ///   - network: whether the call reaches a remote, which picks the time limit.
    ///   - what: names the operation in an error, such as "fetch https://host/owner/repo.git".
    /// - Throws: `GitError` with code `commandFailed` and git's last lines, `timedOut`, or `gitUnavailable`.
    @discardableResult
    func run(
        _ arguments: [String], in directory: String? = nil, network: Bool = false, what: String
    ) async throws
        -> String
    {
        var full = ["-c", "protocol.ext.allow=never", "-c", "core.fsmonitor=false"]
        if let directory { full += ["-C", directory] }
        full += arguments
        let timeout = network ? timeouts.network : timeouts.local
        let result: CapturedRun
        do {
            result = try await ChildProcess.run(
                executable: executable, arguments: full, environment: environment, timeout: timeout)
        } catch let error as CapturedRunInterrupted {
            throw GitError(
                code: error.timeout == nil ? .commandFailed : .timedOut,
                message: "cannot \(what): \(error)", gitOutput: Self.lastLines(of: error.output), underlying: error)
        } catch {
            throw GitError(code: .gitUnavailable, message: "cannot \(what): \(error)", underlying: error)
        }
        guard result.succeeded else {
            throw GitError(
                code: .commandFailed, message: "cannot \(what): git \(result.exitDescription)",
                gitOutput: Self.lastLines(of: result.output))
        }
        return result.output
    }

    /// The last few non-empty lines of `output`, with credentials in URLs removed.
    static func lastLines(of output: String, count: Int = 6) -> String {
        let lines = output.split(whereSeparator: \.isNewline).suffix(count)
        return lines.map { line in
            line.split(separator: " ", omittingEmptySubsequences: false)
                .map { GitRemoteURL.redact(String($0)) }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The first executable named `name` in the colon-separated `path`.
    static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
