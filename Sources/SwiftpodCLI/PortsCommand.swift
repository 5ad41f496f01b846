import CommandLineKit

/// `swiftpod ports`: a workspace's ports and who may reach them.
struct PortsCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "ports",
        abstract: "Lists a workspace's ports and makes them public or private.",
        subcommands: [PortsListCommand.self, PortsVisibilityCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
