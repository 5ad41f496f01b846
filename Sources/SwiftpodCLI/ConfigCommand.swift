import CommandLineKit

/// `swiftpod config`: checks and shows a repository's workspace configuration.
struct ConfigCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Checks and shows a repository's .gitpod.yml or devcontainer.json.",
        subcommands: [ConfigValidateCommand.self, ConfigShowCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
