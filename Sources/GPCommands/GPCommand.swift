import CommandLineKit

/// A `gp` subcommand: runs in the current `GPContext` with a client of the workspace's supervisor.
///
/// A `GPError` is printed as `gp: MESSAGE` and ends the command with status 1.
protocol GPCommand: Command {
    /// Does the command's work.
    /// - Parameters:
    ///   - context: the environment, working directory and standard streams.
    ///   - supervisor: the supervisor named by the context's environment; connected on first use.
    func execute(context: GPContext, supervisor: SupervisorClient) async throws
}

extension GPCommand {
    func run() async throws {
        let context = GPContext.current
        let supervisor = SupervisorClient(environment: context.environment)
        defer { supervisor.close() }
        do {
            try await execute(context: context, supervisor: supervisor)
        } catch let error as GPError {
            context.printError(error.message)
            throw ExitCode.failure
        }
    }
}

extension ParsedArguments {
    /// The value of `name` as a TCP port, 1 to 65535; nil when it was not given.
    /// - Throws: `CommandLineError.invalidValue` naming the argument when it is not a port.
    func port(_ name: String) throws -> UInt16? {
        try value(name, expected: "a port from 1 to 65535") { UInt16($0).flatMap { $0 > 0 ? $0 : nil } }
    }
}
