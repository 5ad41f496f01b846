import Foundation
import SQLite

extension SQLiteStore: UserStore {
    private static let userColumns =
        "id, username, display_name, email, role, password_hash, oidc_issuer, oidc_subject, created_at, blocked"

    private static func userConflicts(_ user: User) -> KeyValuePairs<String, String> {
        [
            "users.username": "a user named '\(user.username)' already exists",
            "users.oidc_issuer": "another user already signs in as '\(user.oidcSubject ?? "")' at "
                + "'\(user.oidcIssuer ?? "")'",
            "users.id": "a user with id '\(user.id)' already exists",
        ]
    }

    public func createUser(_ user: User) async throws {
        try await perform("create user '\(user.username)'") { connection in
            try connection.change(
                "INSERT INTO users (\(Self.userColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    user.id, user.username, user.displayName, user.email, user.role.rawValue, user.passwordHash,
                    user.oidcIssuer, user.oidcSubject, user.createdAt.unixMilliseconds, user.blocked,
                ],
                conflicts: Self.userConflicts(user))
        }
    }

    public func user(id: String) async throws -> User {
        let user = try await perform("read user '\(id)'") { connection in
            try connection.queryFirst("SELECT \(Self.userColumns) FROM users WHERE id = ?", [id]).map(Self.user)
        }
        guard let user else { throw StoreError.notFound("user", id: id) }
        return user
    }

    public func findUser(username: String) async throws -> User? {
        try await perform("find user '\(username)'") { connection in
            try connection.queryFirst("SELECT \(Self.userColumns) FROM users WHERE username = ?", [username])
                .map(Self.user)
        }
    }

    public func findUser(oidcIssuer issuer: String, subject: String) async throws -> User? {
        try await perform("find the user of an OIDC subject") { connection in
            try connection.queryFirst(
                "SELECT \(Self.userColumns) FROM users WHERE oidc_issuer = ? AND oidc_subject = ?", [issuer, subject]
            ).map(Self.user)
        }
    }

    public func listUsers() async throws -> [User] {
        try await perform("list users") { connection in
            try connection.query("SELECT \(Self.userColumns) FROM users ORDER BY username").map(Self.user)
        }
    }

    public func updateUser(_ user: User) async throws {
        try await perform("update user '\(user.id)'") { connection in
            try connection.changeOne(
                """
                UPDATE users SET username = ?, display_name = ?, email = ?, role = ?, password_hash = ?,
                    oidc_issuer = ?, oidc_subject = ?, blocked = ?
                WHERE id = ?
                """,
                [
                    user.username, user.displayName, user.email, user.role.rawValue, user.passwordHash,
                    user.oidcIssuer, user.oidcSubject, user.blocked, user.id,
                ],
                notFound: .notFound("user", id: user.id), conflicts: Self.userConflicts(user))
        }
    }

    public func deleteUser(id: String) async throws {
        try await perform("delete user '\(id)'") { connection in
            try connection.changeOne(
                "DELETE FROM users WHERE id = ?", [id], notFound: .notFound("user", id: id),
                foreignKey: StoreError(
                    code: .conflict, message: "user '\(id)' still owns workspaces: delete them first"))
        }
    }

    private static func user(_ row: SQLiteRow) throws -> User {
        User(
            id: try row.value("id"), username: try row.value("username"), displayName: try row.value("display_name"),
            email: try row.value("email"), role: try row.enumeration("role"),
            passwordHash: try row.value("password_hash"),
            oidcIssuer: try row.value("oidc_issuer"), oidcSubject: try row.value("oidc_subject"),
            createdAt: try row.date("created_at"), blocked: try row.value("blocked"))
    }
}
