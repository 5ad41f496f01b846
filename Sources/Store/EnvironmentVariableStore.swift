/// Users' environment variables.
public protocol EnvironmentVariableStore: Sendable {
    /// Adds a variable.
    /// - Throws: `.invalidArgument` for a malformed repository pattern, `.conflict` when the user has a variable
    ///   of that name for that pattern, `.notFound` when the user does not exist.
    func createEnvironmentVariable(_ variable: EnvironmentVariable) async throws
    /// A user's variables, by name and pattern.
    func environmentVariables(userID: String) async throws -> [EnvironmentVariable]
    /// Replaces the stored variable that has `variable.id` (its name, value and pattern).
    /// - Throws: `.notFound`, `.invalidArgument` or `.conflict`, as for creating one.
    func updateEnvironmentVariable(_ variable: EnvironmentVariable) async throws
    /// Deletes a variable.
    /// - Throws: `.notFound` when there is none.
    func deleteEnvironmentVariable(id: String) async throws
}
