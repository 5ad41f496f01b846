import CommandLineKit

/// `gp stop`: stops this workspace (through the server).
struct StopCommand: GPCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stops the workspace.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommandRequest.send("stop", arguments: [], context: context, supervisor: supervisor)
    }
}
