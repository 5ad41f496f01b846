import Auth
import HTTPServer

/// `GET /api/v1/tokens`, `POST /api/v1/tokens` {name, expires} and `DELETE /api/v1/tokens/:id`: the caller's own
/// personal access tokens. A token is shown once, in the answer to its creation.
enum TokenRoutes {
    struct CreateBody: Decodable {
        var name: String
        /// `90m`, `12h`, `30d` or `never`; 30 days when absent.
        var expires: String?
    }

    static func routes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        group.get("/api/v1/tokens") { _, context in
            let principal = try context.requirePrincipal()
            let tokens = try await services.accessTokens.list(userID: principal.user.id)
            return try .json(ListJSON(items: tokens.map(AccessTokenJSON.init)))
        }
        group.post("/api/v1/tokens") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(CreateBody.self)
            let lifetime = try CredentialLifetime(parsing: body.expires ?? "30d")
            let created = try await services.accessTokens.create(
                userID: principal.user.id, name: body.name, lifetime: lifetime)
            var response = try HTTPResponse.json(
                CreatedAccessTokenJSON(token: created.token, accessToken: AccessTokenJSON(created.record)),
                status: .created)
            response.headers.add(name: "Cache-Control", value: "no-store")
            return response
        }
        group.delete("/api/v1/tokens/:id") { _, context in
            let principal = try context.requirePrincipal()
            try await services.accessTokens.revoke(id: try context.parameter("id"), userID: principal.user.id)
            return HTTPResponse(status: .noContent)
        }
        return group
    }
}
