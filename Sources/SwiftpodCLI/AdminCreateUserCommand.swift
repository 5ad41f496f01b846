import Auth
import CommandLineKit
import Store

/// `swiftpod admin create-user`: adds a user with a password read from standard input.
struct AdminCreateUserCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Creates a user who signs in with a password read from standard input.",
        discussion: """
            Works offline on the data directory's database, which it creates when missing. The password is read \
            from standard input (one trailing newline is dropped) and must be at least 8 characters, not only \
            whitespace. Example:
              printf '%s\\n' "$PASSWORD" | swiftpod admin create-user --data-dir /srv/swiftpod --username ada \
            --admin --password-stdin
            """,
        parameters: [
            AdminDataDirectory.parameter,
            .option("username", valueName: "name", help: "The sign-in name: letters, digits, '-', '_' and '.'."),
            .option("email", valueName: "address", help: "The user's email address."),
            .flag("admin", help: "Makes the user an administrator (default: a member)."),
            .flag("password-stdin", help: "Reads the password from standard input (required)."),
        ]
    )

    let dataDirectory: String
    let username: String
    let email: String
    let role: User.Role
    /// Password hashing cost; tests lower it.
    var hasher = PasswordHasher()

    init(parsed: ParsedArguments) throws {
        dataDirectory = AdminDataDirectory.path(parsed)
        username = try parsed.required("username")
        email = parsed.string("email") ?? ""
        role = parsed.flag("admin") ? .admin : .member
        guard parsed.flag("password-stdin") else {
            throw ValidationError("pass '--password-stdin' and the password on standard input")
        }
        do {
            try UserAccounts.checkUsername(username)
            try UserAccounts.checkEmail(email)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        print(try await createUser(password: try await PasswordInput.read()))
    }

    /// Creates the user and returns what the command prints.
    /// - Throws: `AuthError` for a weak password, `StoreError` `.conflict` for a taken username, `AdminError`.
    func createUser(password: String) async throws -> String {
        try PasswordPolicy().check(password)
        let store = try await AdminDataDirectory.openStore(in: dataDirectory, create: true)
        do {
            let user = try await UserAccounts(store: store, hasher: hasher).createUser(
                username: username, password: password, role: role, email: email)
            await store.close()
            return "created \(user.role.rawValue) '\(user.username)' (id \(user.id)) in \(store.path)"
        } catch {
            await store.close()
            throw error
        }
    }
}
