import Auth
import CommandLineKit
import Foundation
import Store

/// `swiftpod admin create-token`: creates a personal access token for a user and prints it.
struct AdminCreateTokenCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "create-token",
        abstract: "Creates a personal access token for a user; the token is printed alone on the last line.",
        discussion: """
            Works offline on the data directory's database. The token is shown only this once: Swiftpod keeps \
            its hash. Example:
              TOKEN=$(swiftpod admin create-token --data-dir /srv/swiftpod --username ada --expires 30d | tail -n 1)
            """,
        parameters: [
            AdminDataDirectory.parameter,
            .option("username", valueName: "name", help: "The user the token acts as."),
            .option("name", valueName: "label", default: "cli", help: "A label to recognize the token by."),
            .option(
                "expires", valueName: "lifetime", default: "30d",
                help: "When the token stops working: minutes, hours or days (90m, 12h, 30d) or 'never'."),
        ]
    )

    let dataDirectory: String
    let username: String
    let name: String
    let lifetime: CredentialLifetime

    init(parsed: ParsedArguments) throws {
        dataDirectory = AdminDataDirectory.path(parsed)
        username = try parsed.required("username")
        name = try parsed.required("name")
        do {
            lifetime = try CredentialLifetime(parsing: try parsed.required("expires"))
        } catch let error as AuthError {
            throw ValidationError("invalid value for '--expires': \(error)")
        }
    }

    func run() async throws {
        print(try await createToken())
    }

    /// Creates the token and returns what the command prints, the token alone on the last line.
    /// - Throws: `AdminError` for a missing database or user, `AuthError` for a bad name.
    func createToken() async throws -> String {
        let store = try await AdminDataDirectory.openStore(in: dataDirectory, create: false)
        do {
            guard let user = try await store.findUser(username: username) else {
                throw AdminError("no user named '\(username)' in \(store.path)")
            }
            let created = try await AccessTokens(store: store).create(userID: user.id, name: name, lifetime: lifetime)
            await store.close()
            let expiry = created.record.expiresAt.map { "expires \($0.ISO8601Format())" } ?? "never expires"
            return """
                created access token '\(name)' (id \(created.record.id)) for '\(user.username)'; it \(expiry)
                it is shown only now:
                \(created.token)
                """
        } catch {
            await store.close()
            throw error
        }
    }
}
