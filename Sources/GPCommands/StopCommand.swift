import CommandLineKit

/// `gp stop`: stops this workspace (through the server), with a backup of its files. The server answers first; the
/// workspace's processes, this one included, then get their grace period.
struct StopCommand: GPCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stops the workspace.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommand.run("stop") { try await supervisor.stopWorkspace() }
    }
}
