import Auth
import HTTPServer
import Store

/// `GET /api/v1/users`, `POST /api/v1/users` {username, password, role, email}, `PATCH /api/v1/users/:id` {role,
/// blocked} and `DELETE /api/v1/users/:id`: administrators only. An administrator cannot demote, block or delete
/// themselves, so that an installation always keeps one who can sign in.
///
/// Members get 403, not 404: the collection's existence is public knowledge (it is in the API's document), so
/// hiding it would protect nothing, while a clear "only administrators" helps a member who tries.
enum UserRoutes {
    struct CreateBody: Decodable {
        var username: String
        var password: String
        /// `admin` or `member` (the default).
        var role: String?
        var email: String?
    }

    struct UpdateBody: Decodable {
        /// `admin` or `member`.
        var role: String?
        /// A blocked user cannot sign in, and their sessions and tokens are refused.
        var blocked: Bool?
    }

    static func routes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        group.get("/api/v1/users") { _, context in
            _ = try context.requireAdmin()
            let users = try await services.store.listUsers()
            return try .json(ListJSON(items: users.map(UserJSON.init)))
        }
        group.post("/api/v1/users") { request, context in
            _ = try context.requireAdmin()
            let body = try await request.decodeJSON(CreateBody.self)
            guard let role = User.Role(rawValue: body.role ?? "member") else {
                throw HTTPError(.unprocessableContent, message: "role must be 'admin' or 'member'")
            }
            let user = try await services.accounts.createUser(
                username: body.username, password: body.password, role: role, email: body.email ?? "")
            return try .json(UserJSON(user), status: .created)
        }
        group.patch("/api/v1/users/:id") { request, context in
            let principal = try context.requireAdmin()
            let body = try await request.decodeJSON(UpdateBody.self)
            var user = try await services.store.user(id: try context.parameter("id"))
            if let role = body.role {
                guard let role = User.Role(rawValue: role) else {
                    throw HTTPError(.unprocessableContent, message: "role must be 'admin' or 'member'")
                }
                user.role = role
            }
            if let blocked = body.blocked { user.blocked = blocked }
            if user.id == principal.user.id, user.role != .admin || user.blocked {
                throw HTTPError(
                    .conflict, message: "you cannot demote or block yourself: ask another administrator to do it")
            }
            try await services.store.updateUser(user)
            return try .json(UserJSON(user))
        }
        group.delete("/api/v1/users/:id") { _, context in
            let principal = try context.requireAdmin()
            let id = try context.parameter("id")
            guard id != principal.user.id else {
                throw HTTPError(.conflict, message: "you cannot delete yourself: ask another administrator to do it")
            }
            try await services.store.deleteUser(id: id)
            return HTTPResponse(status: .noContent)
        }
        return group
    }
}
