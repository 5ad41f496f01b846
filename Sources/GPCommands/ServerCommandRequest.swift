/// Sends a command that the Swiftpod server does not answer yet (`gp snapshot`) to the
/// server through the supervisor's relay (`POST /server/COMMAND`), so that a server that learns it answers.
///
/// Without a server the supervisor answers 503, and with one that lacks the command the server answers 404; the
/// command says which and exits with 1.
enum ServerCommandRequest {
    /// Sends `command` with its arguments and prints the answer.
    static func send(
        _ command: String, arguments: [String], context: GPContext, supervisor: SupervisorClient
    ) async throws {
        let output: String
        do {
            output = try await ServerCommand.run(command) {
                try await supervisor.serverCommand(command, arguments: arguments)
            }
        } catch let error as GPError where error.status == 404 || error.status == 405 {
            throw GPError(code: .notFound, message: "`gp \(command)` is not supported by Swiftpod yet", status: 404)
        }
        if !output.isEmpty { context.standardOutput(Array(output.utf8)) }
    }
}
