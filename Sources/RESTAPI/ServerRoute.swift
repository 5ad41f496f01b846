import HTTP

/// A route of the public API that the server serves itself, beside the workspace routes: sign-in, tokens, users,
/// environment variables and the caller's settings. The OpenAPI document lists them with the workspace routes, and
/// the server's tests check that this table and its router agree.
public struct ServerRoute: Sendable, Hashable {
    public var method: HTTPMethod
    /// The router's pattern, with `:name` parameters.
    public var pattern: String
    var operationID: String
    var summary: String
    /// The status of a successful answer.
    var success: Int
    /// Whether the request has a JSON body.
    var hasBody: Bool
    /// Whether it is answered without credentials.
    var isAnonymous: Bool

    /// Every such route.
    public static let all: [ServerRoute] = [
        ServerRoute(.get, "/api/v1/health", "health", "The server's health and version", anonymous: true),
        ServerRoute(
            .post, "/api/v1/auth/login", "signIn", "Sign in with a password: a session cookie and its CSRF token",
            body: true, anonymous: true),
        ServerRoute(
            .post, "/api/v1/setup", "setUp", "Create the first administrator with the one-time setup token",
            success: 201, body: true, anonymous: true),
        ServerRoute(.post, "/api/v1/auth/logout", "signOut", "End the session", success: 204),
        ServerRoute(.get, "/api/v1/auth/me", "signedIn", "The caller, and the session's CSRF token"),
        ServerRoute(.get, "/api/v1/tokens", "listTokens", "List the caller's personal access tokens"),
        ServerRoute(
            .post, "/api/v1/tokens", "createToken", "Create a personal access token {name, expires}; shown once",
            success: 201, body: true),
        ServerRoute(.delete, "/api/v1/tokens/:id", "revokeToken", "Revoke a personal access token", success: 204),
        ServerRoute(.get, "/api/v1/users", "listUsers", "List users (administrators)"),
        ServerRoute(
            .post, "/api/v1/users", "createUser", "Create a user {username, password, role, email} (administrators)",
            success: 201, body: true),
        ServerRoute(
            .patch, "/api/v1/users/:id", "updateUser", "Change a user's role or block them {role, blocked}",
            body: true),
        ServerRoute(.delete, "/api/v1/users/:id", "deleteUser", "Delete a user (administrators)", success: 204),
        ServerRoute(.get, "/api/v1/env", "listEnvironmentVariables", "List the caller's environment variables"),
        ServerRoute(
            .put, "/api/v1/env/:name", "setEnvironmentVariable",
            "Set an environment variable {value, repositoryPattern}", body: true),
        ServerRoute(
            .delete, "/api/v1/env/:name", "deleteEnvironmentVariable",
            "Delete an environment variable (?repositoryPattern= when several)", success: 204),
        ServerRoute(
            .get, "/api/v1/user/settings", "getUserSettings",
            "The caller's settings: the default inactivity timeout of new workspaces, and its bounds"),
        ServerRoute(
            .put, "/api/v1/user/settings", "setUserSettings",
            "Set the default inactivity timeout of new workspaces {defaultInactivityTimeout: \"90m\" or null}",
            body: true),
    ]

    init(
        _ method: HTTPMethod, _ pattern: String, _ operationID: String, _ summary: String, success: Int = 200,
        body: Bool = false, anonymous: Bool = false
    ) {
        self.method = method
        self.pattern = pattern
        self.operationID = operationID
        self.summary = summary
        self.success = success
        self.hasBody = body
        self.isAnonymous = anonymous
    }

    /// The OpenAPI operation: its summary, path parameters, body and answers.
    var operation: [String: Any] {
        let error: [String: Any] = ["$ref": "#/components/responses/Error"]
        var operation: [String: Any] = [
            "operationId": operationID, "summary": summary,
            "responses": [
                String(success): ["description": success == 204 ? "Done" : "Success"], "400": error, "401": error,
            ] as [String: Any],
        ]
        let names = pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        if !names.isEmpty {
            operation["parameters"] = names.map { name -> [String: Any] in
                ["name": name, "in": "path", "required": true, "schema": ["type": "string"]]
            }
        }
        if hasBody {
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": ["type": "object"]]],
            ]
        }
        if isAnonymous { operation["security"] = [[String: Any]]() }
        return operation
    }

    /// The pattern as OpenAPI writes paths: `{id}` for `:id`.
    public var openAPIPath: String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }
}
