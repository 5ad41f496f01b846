import Auth
import CommandLineKit
import Foundation
import SwiftpodClient

/// `swiftpod login [URL]`: signs in to a Swiftpod server and stores a token for the client commands.
struct LoginCommand: Command {
    /// The server `login` signs in to when none is named or stored.
    static let defaultURL = "http://localhost:8080"

    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Signs in to a Swiftpod server and stores the token the client commands use.",
        discussion: """
            With --token-stdin, checks the personal access token on standard input and stores it. Otherwise asks \
            for your username and password (or takes --username and --password-stdin), signs in, and creates a \
            token for this machine. The URL and token go to $XDG_CONFIG_HOME/swiftpod/credentials.json \
            (~/.config/swiftpod/credentials.json), readable by you alone; SWIFTPOD_URL and SWIFTPOD_TOKEN \
            override them. Examples:
              swiftpod login http://localhost:8080
              echo "$TOKEN" | swiftpod login http://swiftpod.internal:8080 --token-stdin
            """,
        parameters: [
            .argument(
                "url", optional: true,
                help: "The server's URL (default: SWIFTPOD_URL, the stored one, or \(defaultURL))."),
            .flag("token-stdin", help: "Reads a personal access token from standard input."),
            .option("username", valueName: "name", help: "Signs in as this user instead of asking."),
            .flag("password-stdin", help: "Reads the password from standard input (with --username)."),
            .option(
                "expires", valueName: "lifetime", default: "90d",
                help: "When the token created by a password sign-in stops working (90m, 12h, 30d, never)."),
        ]
    )

    let urlArgument: String?
    let tokenFromStandardInput: Bool
    let username: String?
    let passwordFromStandardInput: Bool
    let lifetime: CredentialLifetime

    init(parsed: ParsedArguments) throws {
        urlArgument = parsed.string("url")
        tokenFromStandardInput = parsed.flag("token-stdin")
        username = parsed.string("username")
        passwordFromStandardInput = parsed.flag("password-stdin")
        if tokenFromStandardInput && (username != nil || passwordFromStandardInput) {
            throw ValidationError(
                "'--token-stdin' signs in with a token: leave out '--username' and '--password-stdin'")
        }
        if passwordFromStandardInput && username == nil {
            throw ValidationError("'--password-stdin' needs '--username'")
        }
        do {
            lifetime = try CredentialLifetime(parsing: try parsed.required("expires"))
        } catch let error as AuthError {
            throw ValidationError("invalid value for '--expires': \(error)")
        }
        if let urlArgument { _ = try Self.serverURL(urlArgument) }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try StoredCredentials.path(environment: environment)
        let stored = try? StoredCredentials.load(from: path)
        let server = try Self.serverURL(
            urlArgument ?? environment["SWIFTPOD_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? stored?.url
                ?? Self.defaultURL)
        let credentials: StoredCredentials
        let user: APIUser
        do {
            (credentials, user) = try await signIn(to: server)
        } catch let error as APIClientError {
            throw ClientCommandError("cannot sign in to \(server): \(error.message)")
        }
        try credentials.save(to: path)
        ClientOutput.write("signed in to \(server) as \(user.username); the token is stored in \(path)\n")
    }

    private func signIn(to server: ServerURL) async throws -> (StoredCredentials, APIUser) {
        if tokenFromStandardInput {
            let token: String
            do {
                token = try await PasswordInput.read().trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ClientCommandError("no token on standard input: pipe a personal access token (swp_…) into it")
            }
            let me = try await APIClient(server: server, credential: .bearer(token)).me()
            return (StoredCredentials(url: server.text, token: token), me.user)
        }
        let (name, password) = try await askForPassword()
        let session = try await APIClient(server: server).signIn(username: name, password: password)
        let sessionClient = APIClient(server: server, credential: session.credential)
        let host = ProcessInfo.processInfo.hostName
        let created = try await sessionClient.createAccessToken(
            name: "swiftpod login on \(host)", expires: lifetime.description)
        // The token is what the commands use from now on: the session is not needed.
        try? await sessionClient.signOut()
        return (
            StoredCredentials(url: server.text, token: created.token, tokenID: created.accessToken.id), session.user
        )
    }

    private func askForPassword() async throws -> (username: String, password: String) {
        if let username, passwordFromStandardInput {
            do {
                return (username, try await PasswordInput.read())
            } catch let error as AdminError {
                throw ClientCommandError(error.description)
            }
        }
        guard TerminalPrompt.canAsk else {
            throw ClientCommandError(
                "standard input is not a terminal, so there is no one to ask for a password: pipe a token into "
                    + "'swiftpod login URL --token-stdin', or use --username and --password-stdin")
        }
        let name = username ?? TerminalPrompt.line("username: ")?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !name.isEmpty else { throw ClientCommandError("no username given") }
        guard let password = TerminalPrompt.secret("password for \(name): "), !password.isEmpty else {
            throw ClientCommandError("no password given")
        }
        return (name, password)
    }

    static func serverURL(_ text: String) throws -> ServerURL {
        do {
            return try ServerURL(text)
        } catch let error as APIClientError {
            throw ValidationError(error.message)
        }
    }
}
