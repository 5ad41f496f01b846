import CommandLineKit

/// `gp ports`: groups the commands about the workspace's ports.
struct PortsCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "ports",
        abstract: "Interacts with the workspace's ports.",
        subcommands: [PortsListCommand.self, PortsAwaitCommand.self, PortsVisibilityCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
