import CommandLineKit
import SwiftpodClient

/// `swiftpod workspace exec ID -- CMD…`: runs a command in a running workspace, prints its output and exits with
/// its status.
struct WorkspaceExecCommand: Command {
    /// The exit status when the command ran out of time, as `timeout(1)` uses.
    static let timedOutStatus: Int32 = 124

    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Runs a command in a running workspace and exits with its status.",
        discussion: """
            The command runs as the workspace user in the repository's directory, without a shell: pass one \
            explicitly for pipes and variables. Its output (standard output and error together) is printed as it \
            comes. Exits with 124 when it runs out of time. Example:
              swiftpod workspace exec ID -- sh -c 'make test 2>&1 | tail'
            """,
        parameters: [
            .argument("id", help: "The workspace's ID."),
            .argument("command", repeatable: true, help: "The program and its arguments, after '--'."),
            .option(
                "timeout", valueName: "duration", default: "60s",
                help: "How long the command may run: seconds, minutes or hours, at most 1h."),
        ]
    )

    let id: String
    let command: [String]
    let timeout: Duration

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        command = parsed.strings("command")
        guard let program = command.first, !program.isEmpty else {
            throw ValidationError("name a command to run: swiftpod workspace exec ID -- CMD [ARG…]")
        }
        guard
            let timeout = try parsed.value(
                "timeout", expected: "a duration such as 90s, 10m or 1h", { WorkspaceCommand.parseDuration($0) }),
            timeout <= .seconds(3600)
        else { throw ValidationError("invalid value for '--timeout': expected a duration of at most 1h") }
        self.timeout = timeout
    }

    func run() async throws {
        let result = try await ClientConnection.run {
            try await $0.execStreaming(workspaceID: id, command: command, timeout: timeout) { ClientOutput.write($0) }
        }
        guard let status = result.exitCode, !result.timedOut else {
            ClientOutput.writeError("error: the command did not end within \(timeout)\n")
            throw ExitCode(Self.timedOutStatus)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
