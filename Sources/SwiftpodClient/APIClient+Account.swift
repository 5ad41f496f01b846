import Foundation

extension APIClient {
    // MARK: Sign-in

    /// A password sign-in: the user, and the session that the client can act with.
    public struct PasswordSignIn: Sendable {
        public var user: APIUser
        /// The session, as `Credential.session`.
        public var credential: Credential
    }

    /// `GET /api/v1/auth/me`: who the credential belongs to.
    public func me() async throws -> SignedIn {
        try await call(.get, "/api/v1/auth/me")
    }

    /// `POST /api/v1/auth/login`: signs in with a password and returns the session it opened.
    public func signIn(username: String, password: String) async throws -> PasswordSignIn {
        struct Body: Encodable {
            var username: String
            var password: String
        }
        let answer = try await send(
            .post, "/api/v1/auth/login", body: try Self.json(Body(username: username, password: password)))
        let signedIn = try Self.decode(SignedIn.self, from: answer.data)
        guard let setCookie = answer.headers["Set-Cookie"],
            let pair = setCookie.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces) }),
            pair.contains("=")
        else { throw APIClientError.invalidResponse("the sign-in answer set no session cookie") }
        return PasswordSignIn(user: signedIn.user, credential: .session(cookie: pair, csrfToken: signedIn.csrfToken))
    }

    /// `POST /api/v1/auth/logout`: ends the session this client acts with (nothing for a token).
    public func signOut() async throws {
        _ = try await send(.post, "/api/v1/auth/logout")
    }

    // MARK: Tokens

    /// `GET /api/v1/tokens`: the caller's personal access tokens.
    public func accessTokens() async throws -> [AccessTokenInfo] {
        try await call(.get, "/api/v1/tokens", as: ItemList<AccessTokenInfo>.self).items
    }

    /// `POST /api/v1/tokens`: a new personal access token, shown only in this answer.
    /// - Parameter expires: `90m`, `12h`, `30d` or `never`; the server's default (30 days) when nil.
    public func createAccessToken(name: String, expires: String?) async throws -> CreatedAccessToken {
        struct Body: Encodable {
            var name: String
            var expires: String?
        }
        return try await call(.post, "/api/v1/tokens", body: try Self.json(Body(name: name, expires: expires)))
    }

    /// `DELETE /api/v1/tokens/:id`.
    public func revokeAccessToken(id: String) async throws {
        _ = try await send(.delete, "/api/v1/tokens/" + Self.segment(id))
    }

    // MARK: Environment variables

    /// `GET /api/v1/env`: the caller's environment variables.
    public func environmentVariables() async throws -> [EnvironmentVariable] {
        try await call(.get, "/api/v1/env", as: ItemList<EnvironmentVariable>.self).items
    }

    /// `PUT /api/v1/env/:name`: sets a variable for the repositories `repositoryPattern` matches (`*/*` when nil).
    public func setEnvironmentVariable(
        name: String, value: String, repositoryPattern: String?
    ) async throws -> EnvironmentVariable {
        struct Body: Encodable {
            var value: String
            var repositoryPattern: String?
        }
        return try await call(
            .put, "/api/v1/env/" + Self.segment(name),
            body: try Self.json(Body(value: value, repositoryPattern: repositoryPattern)))
    }

    /// `DELETE /api/v1/env/:name`: removes the variable (for `repositoryPattern`, needed when the name is set for
    /// several patterns).
    public func unsetEnvironmentVariable(name: String, repositoryPattern: String?) async throws {
        var path = "/api/v1/env/" + Self.segment(name)
        if let repositoryPattern { path += "?repositoryPattern=" + Self.segment(repositoryPattern) }
        _ = try await send(.delete, path)
    }
}
