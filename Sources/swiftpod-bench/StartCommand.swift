import CommandLineKit

/// `swiftpod-bench start`: a fresh start and a restart from a large backup, through the workspace manager.
struct StartCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Times a workspace's fresh start and its restart from a backup of a large tree.",
        discussion: """
            Not available yet: the workspace manager has not landed on main. Prints a BENCH line whose figures \
            are 'na'.
            """,
        parameters: [
            .option("repository", valueName: "url", help: "The git repository of the fresh start."),
            .option("tree", valueName: "path", help: "The tree that replaces the workspace's content before a stop."),
            .option("runs", valueName: "count", default: "5", help: "How many times each start is timed."),
            .option("data-dir", valueName: "path", help: "The data directory of the manager."),
            .option("engine", valueName: "url", help: "The container engine's socket, unix:///path."),
            .option("binaries", valueName: "path", help: "The directory of the workspace binaries."),
        ]
    )

    init(parsed: ParsedArguments) throws {}

    func run() async throws {
        progress("start: not available yet (the workspace manager has not landed on main)")
        print("start: not available yet")
        print("BENCH fresh_start_s=na restart_s=na")
    }
}
