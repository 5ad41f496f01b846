import CommandLineKit
import SwiftpodClient

/// `swiftpod env unset NAME [--repository PATTERN]`.
struct EnvUnsetCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "unset",
        abstract: "Removes an environment variable (name the pattern when it is set for several).",
        parameters: [.argument("name", help: "The variable's name."), EnvCommand.repositoryParameter]
    )

    let name: String
    let repositoryPattern: String?

    init(parsed: ParsedArguments) throws {
        name = try parsed.required("name")
        do {
            try EnvironmentAssignment.checkName(name)
        } catch let error as EnvironmentAssignmentError {
            throw ValidationError(error.description)
        }
        repositoryPattern = parsed.string("repository")
    }

    func run() async throws {
        try await ClientConnection.run {
            try await $0.unsetEnvironmentVariable(name: name, repositoryPattern: repositoryPattern)
        }
        ClientOutput.write("unset \(name)" + (repositoryPattern.map { " for \($0)" } ?? "") + "\n")
    }
}
