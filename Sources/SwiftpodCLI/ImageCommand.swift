import CommandLineKit

/// `swiftpod image`: groups the commands that manage workspace images.
struct ImageCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manages workspace images.",
        subcommands: [ImageBootstrapCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
