import CommandLineKit

/// `gp tasks stop ID|--all`: stops a running task (SIGTERM, then SIGKILL after the supervisor's grace period).
struct TasksStopCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stops a workspace task.",
        parameters: [
            .flag("all", short: "a", help: "Stops every running task."),
            .argument("id", optional: true, help: "The task's terminal ID, as 'gp tasks list' shows it."),
        ]
    )

    let terminalID: String?

    init(parsed: ParsedArguments) throws {
        terminalID = parsed.string("id")
        let all = parsed.flag("all")
        if all, terminalID != nil { throw ValidationError("pass either a terminal ID or '--all', not both") }
        if !all, terminalID == nil {
            throw ValidationError("pass the terminal ID of the task to stop ('gp tasks list' shows it) or '--all'")
        }
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let running = try await supervisor.tasks().filter { $0.state == "running" }
        guard let terminalID else {
            if running.isEmpty { context.print("There are no running tasks") }
            for task in running { try await supervisor.stopTask(id: task.id) }
            return
        }
        guard let task = running.first(where: { $0.terminal == terminalID }) else {
            throw GPError(
                code: .notFound,
                message: "the selected task was not found or already stopped: \(terminalID); use 'gp tasks list' "
                    + "to find the terminal ID of a running task")
        }
        try await supervisor.stopTask(id: task.id)
    }
}
