import CommandLineKit

/// `gp sync-done NAME`: marks NAME done, releasing every `gp sync-await NAME`, now and later.
struct SyncDoneCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-done",
        abstract: "Notifies that an event has happened, releasing 'gp sync-await' on it.",
        parameters: [.argument("name", help: "The event's name.")]
    )

    let name: String

    init(parsed: ParsedArguments) throws {
        name = try parsed.required("name")
        guard !name.isEmpty, name.utf8.count <= 256 else {
            throw ValidationError("an event's name must have 1 to 256 bytes")
        }
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await supervisor.markDone(name)
    }
}
