import CommandLineKit

/// `swiftpod token revoke ID`.
struct TokenRevokeCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revokes a personal access token: it stops working at once.",
        parameters: [.argument("id", help: "The token's ID, as 'swiftpod token list' shows it.")]
    )

    let id: String

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
    }

    func run() async throws {
        try await ClientConnection.run { try await $0.revokeAccessToken(id: id) }
        ClientOutput.write("revoked token \(id)\n")
    }
}
