import Auth
import CommandLineKit
import SwiftpodClient

/// `swiftpod token create [--name LABEL] [--expires 30d]`: a new token, printed alone on the last line.
struct TokenCreateCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Creates a personal access token; it is printed alone on the last line, and only this once.",
        parameters: [
            .option("name", valueName: "label", default: "cli", help: "A label to recognize the token by."),
            .option(
                "expires", valueName: "lifetime", default: "30d",
                help: "When the token stops working: minutes, hours or days (90m, 12h, 30d) or 'never'."),
            .flag("json", help: "Prints the token and its record as JSON."),
        ]
    )

    let name: String
    let lifetime: CredentialLifetime
    let json: Bool

    init(parsed: ParsedArguments) throws {
        name = try parsed.required("name")
        guard !name.isEmpty else { throw ValidationError("invalid value for '--name': it is empty") }
        do {
            lifetime = try CredentialLifetime(parsing: try parsed.required("expires"))
        } catch let error as AuthError {
            throw ValidationError("invalid value for '--expires': \(error)")
        }
        json = parsed.flag("json")
    }

    func run() async throws {
        let created = try await ClientConnection.run {
            try await $0.createAccessToken(name: name, expires: lifetime.description)
        }
        if json { return ClientOutput.write(try ClientOutput.json(created)) }
        let expiry = created.accessToken.expiresAt.map { "expires \($0.ISO8601Format())" } ?? "never expires"
        ClientOutput.write(
            """
            created access token '\(created.accessToken.name)' (id \(created.accessToken.id)); it \(expiry)
            it is shown only now:
            \(created.token)

            """)
    }
}
