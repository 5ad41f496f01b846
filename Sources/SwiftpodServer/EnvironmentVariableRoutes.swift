import Auth
import Crypto
import HTTPServer
import Store

/// `GET /api/v1/env`, `PUT /api/v1/env/:name` {value, repositoryPattern} and
/// `DELETE /api/v1/env/:name?repositoryPattern=`: the caller's environment variables, injected into the workspaces
/// of the repositories their patterns match (`EnvironmentPattern`).
enum EnvironmentVariableRoutes {
    /// The longest name and value accepted.
    static let maximumNameLength = 255
    static let maximumValueBytes = 32 * 1024

    struct PutBody: Decodable {
        var value: String
        /// `owner/repo`, `owner/*`, `*/repo` or `*/*`; `*/*` when absent.
        var repositoryPattern: String?
    }

    static func routes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        group.get("/api/v1/env") { _, context in
            let principal = try context.requirePrincipal()
            let variables = try await services.store.environmentVariables(userID: principal.user.id)
            return try .json(ListJSON(items: variables.map(EnvironmentVariableJSON.init)))
        }
        group.put("/api/v1/env/:name") { request, context in
            let principal = try context.requirePrincipal()
            let name = try context.parameter("name")
            try checkName(name)
            let body = try await request.decodeJSON(PutBody.self)
            let (variable, created) = try await set(
                name, value: body.value, repositoryPattern: body.repositoryPattern ?? "*/*", userID: principal.user.id,
                store: services.store)
            return try .json(EnvironmentVariableJSON(variable), status: created ? .created : .ok)
        }
        group.delete("/api/v1/env/:name") { request, context in
            let principal = try context.requirePrincipal()
            let name = try context.parameter("name")
            let pattern = request.queryParameters["repositoryPattern"]
            let named = try await services.store.environmentVariables(userID: principal.user.id).filter {
                $0.name == name
            }
            let chosen: EnvironmentVariable
            if let pattern {
                guard let match = named.first(where: { $0.repositoryPattern == pattern }) else {
                    throw HTTPError.notFound("no environment variable '\(name)' for '\(pattern)'")
                }
                chosen = match
            } else {
                guard let only = named.first else { throw HTTPError.notFound("no environment variable '\(name)'") }
                guard named.count == 1 else {
                    let patterns = named.map(\.repositoryPattern).joined(separator: ", ")
                    throw HTTPError.badRequest(
                        "'\(name)' is set for several repository patterns (\(patterns)): say which with "
                            + "?repositoryPattern=")
                }
                chosen = only
            }
            try await services.store.deleteEnvironmentVariable(id: chosen.id)
            return HTTPResponse(status: .noContent)
        }
        return group
    }

    /// Sets variable `name` of user `userID` for `repositoryPattern`: replaces the value of the one with that name
    /// and pattern, or adds it.
    /// - Returns: the stored variable, and whether it is new.
    /// - Throws: `HTTPError` 422 for a bad name, pattern or an over-long value; the store's errors.
    static func set(
        _ name: String, value: String, repositoryPattern pattern: String, userID: String, store: any Store
    ) async throws -> (variable: EnvironmentVariable, created: Bool) {
        try checkName(name)
        if let problem = EnvironmentVariable.patternProblem(pattern) {
            throw HTTPError(.unprocessableContent, message: problem)
        }
        guard value.utf8.count <= maximumValueBytes else {
            throw HTTPError(
                .unprocessableContent, message: "the value of '\(name)' is longer than \(maximumValueBytes) bytes")
        }
        let existing = try await store.environmentVariables(userID: userID).first {
            $0.name == name && $0.repositoryPattern == pattern
        }
        let variable = EnvironmentVariable(
            id: existing?.id ?? SecureRandom.bytes(count: 16).hexString, userID: userID, name: name, value: value,
            repositoryPattern: pattern)
        if existing != nil {
            try await store.updateEnvironmentVariable(variable)
            return (variable, false)
        }
        try await store.createEnvironmentVariable(variable)
        return (variable, true)
    }

    /// A name is a shell variable name: a letter or `_`, then letters, digits and `_`.
    static func checkName(_ name: String) throws {
        let valid =
            !name.isEmpty && name.count <= maximumNameLength
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
            }
            && !(name.first?.isNumber ?? true)
        guard valid else {
            throw HTTPError(
                .unprocessableContent,
                message: "'\(name)' is not a variable name: use letters, digits and '_', not starting with a digit")
        }
    }
}
