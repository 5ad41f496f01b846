import CommandLineKit
import SwiftpodClient

/// `swiftpod token list`.
struct TokenListCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists your personal access tokens (never their secrets).",
        parameters: [.flag("json", help: "Prints the tokens as a JSON array.")]
    )

    let json: Bool

    init(parsed: ParsedArguments) throws {
        json = parsed.flag("json")
    }

    func run() async throws {
        let tokens = try await ClientConnection.run { try await $0.accessTokens() }
        if json { return ClientOutput.write(try ClientOutput.json(tokens)) }
        ClientOutput.write(
            ClientOutput.table(
                ["id", "name", "created", "expires", "last used"],
                tokens.map {
                    [
                        $0.id, $0.name, ClientOutput.date($0.createdAt), $0.expiresAt.map(ClientOutput.date) ?? "never",
                        ClientOutput.date($0.lastUsedAt),
                    ]
                }))
    }
}
