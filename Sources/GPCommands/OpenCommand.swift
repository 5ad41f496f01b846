import CommandLineKit

/// `gp open FILE...`: opens files in the workspace's IDE (through the server).
struct OpenCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Opens files in the IDE.",
        parameters: [
            .flag("wait", short: "w", help: "Waits until every opened file is closed again."),
            .argument("files", repeatable: true, help: "The files to open."),
        ]
    )

    let arguments: [String]

    init(parsed: ParsedArguments) throws {
        let files = parsed.strings("files")
        guard !files.isEmpty else { throw CommandLineError.missingArgument("files") }
        arguments = (parsed.flag("wait") ? ["--wait"] : []) + files
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommandRequest.send("open", arguments: arguments, context: context, supervisor: supervisor)
    }
}
