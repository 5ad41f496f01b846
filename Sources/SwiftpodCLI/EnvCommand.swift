import CommandLineKit

/// `swiftpod env`: the environment variables the server injects into your workspaces.
struct EnvCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Lists, sets and unsets your environment variables for workspaces.",
        discussion: """
            A variable applies to the workspaces of the repositories its pattern matches: owner/repo, owner/*, \
            */repo or */* (every repository, the default).
            """,
        subcommands: [EnvListCommand.self, EnvSetCommand.self, EnvUnsetCommand.self]
    )

    init(parsed: ParsedArguments) throws {}

    static let repositoryParameter = CommandParameter.option(
        "repository", valueName: "pattern", help: "The repositories it applies to: owner/repo, owner/*, */repo or */*.")
}
