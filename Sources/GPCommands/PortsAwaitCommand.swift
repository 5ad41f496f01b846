import CommandLineKit

/// `gp ports await PORT`: waits until something listens on PORT in the workspace.
struct PortsAwaitCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "await",
        abstract: "Waits for a process to listen on a port.",
        parameters: [
            .argument("port", help: "The port to wait for."),
            .option(
                "timeout", valueName: "seconds",
                help: "Gives up (exit status 1) when the port is not open after this many seconds; waits forever "
                    + "without it."),
        ]
    )

    /// How often the supervisor's port list is read.
    static let pollInterval: Duration = .milliseconds(250)

    let port: UInt16
    let timeout: Duration?

    init(parsed: ParsedArguments) throws {
        guard let port = try parsed.port("port") else { throw CommandLineError.missingArgument("port") }
        self.port = port
        timeout = try parsed.value("timeout", expected: "a positive number of seconds") { text in
            Double(text).flatMap { $0 > 0 && $0.isFinite ? Duration.milliseconds(Int64($0 * 1000)) : nil }
        }
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if try await supervisor.ports().contains(where: { $0.port == port }) {
                context.print("Port \(port) is now open")
                return
            }
            if let deadline, ContinuousClock.now >= deadline, let timeout {
                throw GPError(code: .timedOut, message: "port \(port) did not open within \(timeout.gpSeconds)")
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }
}

extension Duration {
    /// `30 s`, `0.5 s`.
    var gpSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return (seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)) + " s"
    }
}
