import CommandLineKit

/// `gp ports visibility PORT:{private|public}`: makes a port public or private (through the server).
struct PortsVisibilityCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "visibility",
        abstract: "Makes a port public or private.",
        parameters: [.argument("port:visibility", help: "The port and its visibility: 3000:public or 3000:private.")]
    )

    let argument: String

    init(parsed: ParsedArguments) throws {
        argument = try parsed.required("port:visibility")
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[0]), port > 0 else {
            throw ValidationError(
                "cannot parse '\(argument)': expected something like '3000:public' or '3000:private'")
        }
        guard parts[1] == "public" || parts[1] == "private" else {
            throw ValidationError("invalid visibility '\(parts[1])': expected 'public' or 'private'")
        }
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommandRequest.send(
            "ports visibility", arguments: [argument], context: context, supervisor: supervisor)
    }
}
