import Auth
import HTTPServer
import Store

/// `GET /api/v1/users` and `POST /api/v1/users` {username, password, role, email}: administrators only.
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
        return group
    }
}
