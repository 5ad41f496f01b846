import CommandLineKit
import SwiftpodClient

/// `swiftpod workspace list`: the caller's workspaces.
struct WorkspaceListCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists your workspaces: ID, phase and context URL.",
        parameters: [
            .option("phase", valueName: "phase", help: "Only workspaces in this phase (running, stopped, …)."),
            .option("repository", valueName: "owner/repo", help: "Only workspaces of this repository."),
            .flag("json", help: "Prints the workspaces as a JSON array."),
        ]
    )

    let phase: String?
    let repository: String?
    let json: Bool

    init(parsed: ParsedArguments) throws {
        phase = try parsed.value("phase")
        repository = try parsed.value("repository")
        json = parsed.flag("json")
    }

    func run() async throws {
        let (phase, repository) = (phase, repository)
        let workspaces = try await ClientConnection.run {
            try await $0.workspaces(phase: phase, repository: repository)
        }
        if json { return ClientOutput.write(try ClientOutput.json(workspaces)) }
        ClientOutput.write(Self.table(workspaces))
    }

    static func table(_ workspaces: [Workspace]) -> String {
        ClientOutput.table(
            ["id", "phase", "created", "context url"],
            workspaces.map { [$0.id, $0.phase, ClientOutput.date($0.createdAt), $0.contextURL] })
    }
}
