import CommandLineKit

/// `gp tasks list`: the tasks, their terminals and states.
struct TasksListCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Lists the workspace's tasks and their states.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let tasks = try await supervisor.tasks()
        guard !tasks.isEmpty else {
            context.print("No tasks detected")
            return
        }
        context.standardOutput(Array(Self.table(tasks).text.utf8))
    }

    /// The table of `tasks`: terminal ID, name and state (with the exit code once ended).
    static func table(_ tasks: [SupervisorTask]) -> TextTable {
        var table = TextTable(headers: ["Terminal ID", "Name", "State"])
        for task in tasks {
            var state = task.state
            if let code = task.exitCode {
                state += task.failedStep.map { " (\($0) failed with exit code \(code))" } ?? " (exit code \(code))"
            }
            table.append([task.terminal ?? "-", task.name ?? "", state])
        }
        return table
    }
}
