import CommandLineKit

/// `gp tasks`: groups the commands about the workspace's tasks.
struct TasksCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "Interacts with the workspace's tasks.",
        subcommands: [TasksListCommand.self, TasksAttachCommand.self, TasksStopCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
