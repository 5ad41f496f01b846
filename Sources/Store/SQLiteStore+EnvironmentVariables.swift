import SQLite

extension SQLiteStore: EnvironmentVariableStore {
    private static let variableColumns = "id, user_id, name, value, repository_pattern"

    private static func validate(_ variable: EnvironmentVariable) throws {
        if let problem = EnvironmentVariable.patternProblem(variable.repositoryPattern) {
            throw StoreError(code: .invalidArgument, message: problem)
        }
        guard !variable.name.isEmpty else {
            throw StoreError(code: .invalidArgument, message: "an environment variable needs a name")
        }
    }

    private static func conflicts(_ variable: EnvironmentVariable) -> KeyValuePairs<String, String> {
        [
            "environment_variables.id": "an environment variable with id '\(variable.id)' already exists",
            "environment_variables.user_id": "the variable '\(variable.name)' is already set for repositories "
                + "'\(variable.repositoryPattern)'",
        ]
    }

    public func createEnvironmentVariable(_ variable: EnvironmentVariable) async throws {
        try Self.validate(variable)
        try await perform("create environment variable '\(variable.name)'") { connection in
            try connection.change(
                "INSERT INTO environment_variables (\(Self.variableColumns)) VALUES (?, ?, ?, ?, ?)",
                [variable.id, variable.userID, variable.name, variable.value, variable.repositoryPattern],
                conflicts: Self.conflicts(variable), foreignKey: .notFound("user", id: variable.userID))
        }
    }

    public func environmentVariables(userID: String) async throws -> [EnvironmentVariable] {
        try await perform("list the environment variables of user '\(userID)'") { connection in
            try connection.query(
                """
                SELECT \(Self.variableColumns) FROM environment_variables WHERE user_id = ?
                ORDER BY name, repository_pattern
                """,
                [userID]
            ).map(Self.variable)
        }
    }

    public func updateEnvironmentVariable(_ variable: EnvironmentVariable) async throws {
        try Self.validate(variable)
        try await perform("update environment variable '\(variable.name)'") { connection in
            try connection.changeOne(
                "UPDATE environment_variables SET name = ?, value = ?, repository_pattern = ? WHERE id = ?",
                [variable.name, variable.value, variable.repositoryPattern, variable.id],
                notFound: .notFound("environment variable", id: variable.id), conflicts: Self.conflicts(variable))
        }
    }

    public func deleteEnvironmentVariable(id: String) async throws {
        try await perform("delete environment variable '\(id)'") { connection in
            try connection.changeOne(
                "DELETE FROM environment_variables WHERE id = ?", [id],
                notFound: .notFound("environment variable", id: id))
        }
    }

    private static func variable(_ row: SQLiteRow) throws -> EnvironmentVariable {
        EnvironmentVariable(
            id: try row.value("id"), userID: try row.value("user_id"), name: try row.value("name"),
            value: try row.value("value"), repositoryPattern: try row.value("repository_pattern"))
    }
}
