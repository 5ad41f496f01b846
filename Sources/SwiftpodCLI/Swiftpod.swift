import Basics
import CommandLineKit

/// The `swiftpod` command: the server and the client commands.
public struct Swiftpod: Command {
    public static let configuration = CommandConfiguration(
        commandName: "swiftpod",
        abstract: "A self-hostable cloud development environment platform.",
        discussion: "Run 'swiftpod server' to start the platform on this machine.",
        version: SwiftpodVersion.current,
        subcommands: [ServerCommand.self, ProxyCommand.self, ImageCommand.self, VersionCommand.self]
    )

    public init(parsed: ParsedArguments) throws {}
}
