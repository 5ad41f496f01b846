import Basics
import CommandLineKit
import SwiftpodServer

/// The `swiftpod` command: the server and the client commands.
public struct Swiftpod: Command {
    public static let configuration = CommandConfiguration(
        commandName: "swiftpod",
        abstract: "A self-hostable cloud development environment platform.",
        discussion: """
            Run 'swiftpod server' to start the platform on this machine; 'swiftpod login URL' to use a server from \
            this one ('swiftpod workspace create URL --wait' opens a workspace).
            """,
        version: SwiftpodVersion.current,
        subcommands: [
            ServerCommand.self, ProxyCommand.self, ConfigCommand.self, ImageCommand.self, VersionCommand.self,
            ContextCommand.self,
            AdminCommand.self, LoginCommand.self, LogoutCommand.self, WorkspaceCommand.self, PortsCommand.self,
            EnvCommand.self, TokenCommand.self,
        ]
    )

    public init(parsed: ParsedArguments) throws {}

    /// Process-wide preparation, run on the main thread before any command.
    public static func prepareProcess() {
        TerminationSignal.unblockInCurrentThread()
    }
}
