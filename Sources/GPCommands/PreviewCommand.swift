import CommandLineKit

/// `gp preview URL`: opens a URL in the IDE's preview (through the server).
struct PreviewCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Opens a URL in the IDE's preview.",
        parameters: [
            .flag("external", help: "Opens the URL in a new browser tab."),
            .argument("url", help: "The URL, such as $(gp url 3000)."),
        ]
    )

    let arguments: [String]

    init(parsed: ParsedArguments) throws {
        arguments = (parsed.flag("external") ? ["--external"] : []) + [try parsed.required("url")]
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommandRequest.send("preview", arguments: arguments, context: context, supervisor: supervisor)
    }
}
