/// Sends a command that needs the Swiftpod server to the supervisor, which relays it (`POST /server/COMMAND`).
///
/// Until the server is connected to workspaces, the supervisor answers 503 with a message naming the command; the
/// command prints it and exits with 1.
enum ServerCommandRequest {
    /// Sends `command` (`ports visibility`) with its arguments and prints the answer.
    static func send(
        _ command: String, arguments: [String], context: GPContext, supervisor: SupervisorClient
    ) async throws {
        let output = try await supervisor.serverCommand(command, arguments: arguments)
        if !output.isEmpty { context.standardOutput(Array(output.utf8)) }
    }
}
