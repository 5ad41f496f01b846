import Basics
import CommandLineKit

/// `gp version`: prints the version, as Gitpod's does.
struct VersionCommand: GPCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Prints the version of the CLI.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        context.print(SwiftpodVersion.current)
    }
}
