import CommandLineKit

/// `gp ports visibility PORT:{private|public}`: makes a port public or private (through the server).
struct PortsVisibilityCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "visibility",
        abstract: "Makes a port public or private.",
        parameters: [.argument("port:visibility", help: "The port and its visibility: 3000:public or 3000:private.")]
    )

    let port: UInt16
    let visibility: String

    init(parsed: ParsedArguments) throws {
        let argument: String = try parsed.required("port:visibility")
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[0]), port > 0 else {
            throw ValidationError(
                "cannot parse '\(argument)': expected something like '3000:public' or '3000:private'")
        }
        guard parts[1] == "public" || parts[1] == "private" else {
            throw ValidationError("invalid visibility '\(parts[1])': expected 'public' or 'private'")
        }
        self.port = port
        visibility = String(parts[1])
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let answer = try await ServerCommand.run("ports visibility") {
            try await supervisor.setPortVisibility(port, visibility: visibility)
        }
        context.print("port \(answer.port) is now \(answer.visibility)")
    }
}
