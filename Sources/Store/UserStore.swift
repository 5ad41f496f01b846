/// Users.
public protocol UserStore: Sendable {
    /// Adds a user.
    /// - Throws: `.conflict` when the ID, the username (in any case) or the OIDC issuer and subject are taken.
    func createUser(_ user: User) async throws
    /// The user with `id`.
    /// - Throws: `.notFound` when there is none.
    func user(id: String) async throws -> User
    /// The user named `username`, compared without regard to case.
    func findUser(username: String) async throws -> User?
    /// The user that OIDC provider `issuer` knows as `subject`.
    func findUser(oidcIssuer issuer: String, subject: String) async throws -> User?
    /// All users, by username.
    func listUsers() async throws -> [User]
    /// Replaces the stored user that has `user.id` (every field but `createdAt`).
    /// - Throws: `.notFound`, or `.conflict` when the new username or OIDC identity is taken.
    func updateUser(_ user: User) async throws
    /// Deletes a user, with their tokens, sessions and environment variables.
    /// - Throws: `.notFound`, or `.conflict` while the user still owns workspaces (delete those first).
    func deleteUser(id: String) async throws
}
