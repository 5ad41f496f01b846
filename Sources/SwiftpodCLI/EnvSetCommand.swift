import CommandLineKit
import SwiftpodClient

/// `swiftpod env set NAME=VALUE [--repository PATTERN]`.
struct EnvSetCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Sets an environment variable for your workspaces (new workspaces and restarts get it).",
        parameters: [.argument("assignment", help: "NAME=VALUE."), EnvCommand.repositoryParameter]
    )

    let assignment: EnvironmentAssignment
    let repositoryPattern: String?

    init(parsed: ParsedArguments) throws {
        do {
            assignment = try EnvironmentAssignment(parsing: try parsed.required("assignment"))
        } catch let error as EnvironmentAssignmentError {
            throw ValidationError(error.description)
        }
        repositoryPattern = parsed.string("repository")
    }

    func run() async throws {
        let variable = try await ClientConnection.run {
            try await $0.setEnvironmentVariable(
                name: assignment.name, value: assignment.value, repositoryPattern: repositoryPattern)
        }
        ClientOutput.write("set \(variable.name) for \(variable.repositoryPattern)\n")
    }
}
