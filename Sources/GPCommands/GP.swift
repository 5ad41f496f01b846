import Basics
import CommandLineKit

/// The `gp` command: Gitpod's workspace CLI for Swiftpod workspaces, talking to the supervisor on its unix socket.
public struct GP: Command {
    public static let configuration = CommandConfiguration(
        commandName: "gp",
        abstract: "Command line interface for Swiftpod workspaces, compatible with Gitpod's gp.",
        discussion: """
            gp talks to the workspace's supervisor on its unix socket: \(SupervisorClient.defaultSocketPath), or \
            the one \(SupervisorClient.socketVariable) names.
            """,
        version: SwiftpodVersion.current,
        subcommands: [
            InitCommand.self, ValidateCommand.self, InfoCommand.self, URLCommand.self, PortsCommand.self,
            TasksCommand.self, SyncAwaitCommand.self, SyncDoneCommand.self, EnvCommand.self, TimeoutCommand.self,
            StopCommand.self, SnapshotCommand.self, OpenCommand.self, PreviewCommand.self, VersionCommand.self,
        ]
    )

    public init(parsed: ParsedArguments) throws {}
}
