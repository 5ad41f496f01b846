import CommandLineKit
import Glibc

/// `gp tasks attach [ID]`: shows a task's terminal here, and types into it when standard input is a terminal.
struct TasksAttachCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attaches to a workspace task's terminal.",
        discussion: """
            Without ID, attaches to the running task when there is exactly one. When standard input is a terminal, \
            it is put in raw mode (and restored on exit) and keystrokes and window size go to the task; otherwise \
            the task's output is streamed until its terminal ends.
            """,
        parameters: [
            .flag("interactive", short: "i", help: "Assumes control over the terminal (the default, as in Gitpod)."),
            .flag("force-resize", short: "r", help: "Sets the task's window size to this terminal's (the default)."),
            .argument("id", optional: true, help: "The task's terminal ID, as 'gp tasks list' shows it."),
        ]
    )

    let terminalID: String?

    init(parsed: ParsedArguments) throws {
        terminalID = parsed.string("id")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let id: String
        if let terminalID {
            id = terminalID
        } else {
            let running = try await supervisor.tasks().filter { $0.state == "running" }
            guard let only = running.first else {
                context.print("There are no running tasks")
                return
            }
            guard running.count == 1, let terminal = only.terminal else {
                let ids = running.compactMap(\.terminal).joined(separator: ", ")
                throw GPError(
                    code: .notFound,
                    message: "\(running.count) tasks are running: pass the terminal ID of one of them (\(ids))")
            }
            id = terminal
        }
        let terminals = try await supervisor.terminals()
        guard let terminal = terminals.first(where: { $0.id == id }) else {
            throw GPError(code: .notFound, message: "terminal \(id) is not open; 'gp tasks list' shows the tasks'")
        }
        if terminal.pid == getppid() {
            context.print("You are already in terminal: \(id)")
            return
        }
        try await TerminalAttachment(connection: try await supervisor.attach(terminal: id), context: context).run()
    }
}
