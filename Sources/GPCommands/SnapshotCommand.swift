import CommandLineKit

/// `gp snapshot`: takes a snapshot of this workspace (through the server) and prints its URL.
struct SnapshotCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Takes a snapshot of the workspace.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommandRequest.send("snapshot", arguments: [], context: context, supervisor: supervisor)
    }
}
