import CommandLineKit
import SwiftpodClient

/// `swiftpod env list`.
struct EnvListCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists your environment variables and the repositories they apply to.",
        parameters: [.flag("json", help: "Prints the variables as a JSON array.")]
    )

    let json: Bool

    init(parsed: ParsedArguments) throws {
        json = parsed.flag("json")
    }

    func run() async throws {
        let variables = try await ClientConnection.run { try await $0.environmentVariables() }
        if json { return ClientOutput.write(try ClientOutput.json(variables)) }
        ClientOutput.write(
            ClientOutput.table(
                ["name", "repository", "value"], variables.map { [$0.name, $0.repositoryPattern, $0.value] }))
    }
}
