import CommandLineKit

/// `gp sync-await NAME`: waits until someone runs `gp sync-done NAME` (at once if someone already has).
struct SyncAwaitCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-await",
        abstract: "Waits for an event triggered with 'gp sync-done'.",
        parameters: [
            .argument("name", help: "The event's name."),
            .option(
                "timeout", valueName: "seconds",
                help: "Gives up (exit status 1) after this many seconds; waits forever without it."),
        ]
    )

    /// The longest single long poll; the command asks again until the event or its own timeout.
    static let pollLimit: Duration = .seconds(30)

    let name: String
    let timeout: Duration?

    init(parsed: ParsedArguments) throws {
        name = try parsed.required("name")
        guard !name.isEmpty, name.utf8.count <= 256 else {
            throw ValidationError("an event's name must have 1 to 256 bytes")
        }
        timeout = try parsed.value("timeout", expected: "a positive number of seconds") { text in
            Double(text).flatMap { $0 > 0 && $0.isFinite ? Duration.milliseconds(Int64($0 * 1000)) : nil }
        }
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            var poll = Self.pollLimit
            if let deadline, let timeout {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .milliseconds(1) else {
                    throw GPError(code: .timedOut, message: "'\(name)' was not done within \(timeout.gpSeconds)")
                }
                poll = min(poll, remaining)
            }
            if try await supervisor.awaitSyncPoint(name, pollTimeout: poll) {
                context.print("\(name) done")
                return
            }
        }
    }
}
