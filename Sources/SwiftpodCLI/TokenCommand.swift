import CommandLineKit

/// `swiftpod token`: your personal access tokens.
struct TokenCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Creates, lists and revokes your personal access tokens.",
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
