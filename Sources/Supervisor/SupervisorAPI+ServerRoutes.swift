import Basics
import Foundation
import HTTP
import HTTPServer
import Subprocess

// The routes the Swiftpod server uses beyond status and terminals: a command run in the workspace (`POST /exec`,
// behind the public API's `exec`) and a terminal's scrollback as plain bytes (`GET /terminals/:id/scrollback`,
// behind the public API's `logs`).

extension SupervisorAPI {
    /// The longest an exec may run.
    static let maxExecTimeout: Double = 3600
    /// How long an exec runs when the request names no timeout.
    static let defaultExecTimeout: Double = 60
    /// How much of an exec's output is returned: its last bytes.
    static let execOutputLimit = 1 << 20

    /// Adds `POST /exec` and `GET /terminals/:id/scrollback`.
    static func addServerRoutes(to router: inout Router, supervisor: Supervisor) {
        router.post("/exec") { request, _ in
            let exec = try await request.decodeJSON(ExecRequest.self, maxBytes: 256 << 10)
            let timeout = try execTimeout(exec.timeout)
            let (executable, arguments) = try execInvocation(exec.command, supervisor: supervisor)
            supervisor.activity.record()
            if exec.stream == true {
                return try ExecStream.response(
                    ExecRun.start(
                        executable: executable, arguments: arguments, environment: execEnvironment(supervisor),
                        command: exec.command[0], supervisor: supervisor),
                    timeout: .milliseconds(Int64(timeout * 1000)))
            }
            return try .json(
                await runExec(
                    executable: executable, arguments: arguments, environment: execEnvironment(supervisor),
                    timeout: .milliseconds(Int64(timeout * 1000)), command: exec.command[0], supervisor: supervisor))
        }
        router.get("/terminals/:id/scrollback") { _, context in
            let id = try context.parameter("id")
            guard let terminal = supervisor.terminal(id: id) else { throw HTTPError.notFound("no terminal '\(id)'") }
            return HTTPResponse(
                status: .ok, headers: ["Content-Type": "application/octet-stream"],
                body: .bytes(ByteBuffer(bytes: terminal.scrollback)))
        }
    }

    /// Runs a command to its end or its timeout, and answers with its output at the end.
    static func runExec(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration, command: String,
        supervisor: Supervisor
    ) async throws -> ExecResult {
        let run = try ExecRun.start(
            executable: executable, arguments: arguments, environment: environment, command: command,
            supervisor: supervisor)
        defer { run.removeOutput() }
        let code = await run.wait(timeout: timeout)
        let output = readTail(run.outputPath, limit: execOutputLimit)
        guard let code else { return ExecResult(exitCode: nil, output: output, timedOut: true) }
        return ExecResult(exitCode: code, output: output, timedOut: false)
    }

    /// The last `limit` bytes of the file at `path`.
    static func readTail(_ path: String, limit: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    static func execTimeout(_ requested: Double?) throws -> Double {
        guard let requested else { return defaultExecTimeout }
        guard requested.isFinite, requested > 0, requested <= maxExecTimeout else {
            throw HTTPError.badRequest(
                "'timeout' must be a number of seconds above 0 and at most \(Int(maxExecTimeout))")
        }
        return requested
    }

    /// The program and arguments that run `command` as the workspace user in the workspace directory:
    /// `setpriv` (to drop to the user, when the supervisor has one) and `env -C DIR --` (to change directory).
    static func execInvocation(
        _ command: [String], supervisor: Supervisor
    ) throws -> (executable: String, arguments: [String]) {
        guard let program = command.first, !program.isEmpty else {
            throw HTTPError.badRequest("'command' must name a program: an array such as [\"ls\", \"-la\"]")
        }
        guard !program.contains("="), !command.contains(where: { $0.utf8.contains(0) }) else {
            throw HTTPError.badRequest("'command' must not contain NUL bytes, and its program must not contain '='")
        }
        let user = supervisor.options.user
        let directory = supervisor.options.workspaceDirectory ?? user?.home ?? "/"
        let changeDirectory = ["/usr/bin/env", "-C", directory, "--"] + command
        guard let user else { return ("/usr/bin/env", Array(changeDirectory.dropFirst())) }
        let groups = user.groups.map(String.init).joined(separator: ",")
        return (
            "/usr/bin/setpriv",
            [
                "--reuid=\(user.uid)", "--regid=\(user.gid)", groups.isEmpty ? "--clear-groups" : "--groups=\(groups)",
                "--",
            ]
                + changeDirectory
        )
    }

    /// The environment of a task's terminal, without the terminal's `TERM`.
    static func execEnvironment(_ supervisor: Supervisor) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let user = supervisor.options.user { environment.merge(user.environment) { $1 } }
        environment["SWIFTPOD_SUPERVISOR_SOCKET"] = supervisor.options.socketPath
        environment.merge(supervisor.options.configuration.env) { $1 }
        return environment
    }
}
