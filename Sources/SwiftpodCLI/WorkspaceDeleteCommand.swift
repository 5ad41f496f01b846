import CommandLineKit

/// `swiftpod workspace delete ID`: deletes a workspace and its backups.
struct WorkspaceDeleteCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Deletes a workspace and its backups (a running workspace is stopped first).",
        parameters: [.argument("id", help: "The workspace's ID.")]
    )

    let id: String

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
    }

    func run() async throws {
        try await ClientConnection.run { try await $0.deleteWorkspace(id: id) }
        ClientOutput.write("deleted workspace \(id)\n")
    }
}
