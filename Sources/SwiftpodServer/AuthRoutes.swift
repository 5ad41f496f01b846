import Auth
import Foundation
import HTTP
import HTTPServer
import Store

/// `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`, `GET /api/v1/auth/me` and `POST /api/v1/setup`.
enum AuthRoutes {
    struct LoginBody: Decodable {
        var username: String
        var password: String
    }

    struct SetupBody: Decodable {
        var token: String
        var username: String
        var password: String
        var email: String?
    }

    /// Login and setup take no credentials, so they sit outside authentication (and its CSRF check: there is no
    /// session yet to forge requests with).
    static func anonymousRoutes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.publicGroup()
        group.post("/api/v1/auth/login") { request, context in
            let body = try await request.decodeJSON(LoginBody.self)
            let signedIn = try await services.passwordLogin.signIn(
                username: body.username, password: body.password,
                clientAddress: PasswordLogin.clientAddress(of: context.remoteAddress))
            return try signedInResponse(services, user: signedIn.user, session: signedIn.session)
        }
        group.post("/api/v1/setup") { request, _ in
            let body = try await request.decodeJSON(SetupBody.self)
            let user = try await services.firstRunSetup.createFirstAdmin(
                token: body.token, username: body.username, password: body.password, email: body.email ?? "")
            services.logger.notice("the first administrator was created", ["user.name": user.username])
            let session = try await services.sessions.create(userID: user.id)
            return try signedInResponse(services, user: user, session: session, status: .created)
        }
        return group
    }

    static func authenticatedRoutes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        group.post("/api/v1/auth/logout") { _, context in
            let principal = try context.requirePrincipal()
            if case .session(let session) = principal.method {
                try await services.sessions.revoke(id: session.id)
            }
            var response = HTTPResponse(status: .noContent)
            response.headers.add(name: "Set-Cookie", value: services.cookie.clearingCookie())
            return response
        }
        group.get("/api/v1/auth/me") { _, context in
            let principal = try context.requirePrincipal()
            return try .json(SignedInJSON(user: UserJSON(principal.user), csrfToken: principal.csrfToken))
        }
        return group
    }

    /// The user and CSRF token as JSON, with the session cookie set.
    static func signedInResponse(
        _ services: SwiftpodServices, user: User, session: Sessions.Created, status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        var response = try HTTPResponse.json(
            SignedInJSON(user: UserJSON(user), csrfToken: session.session.csrfToken), status: status)
        response.headers.add(
            name: "Set-Cookie",
            value: services.cookie.setCookie(
                value: session.cookieValue, maxAge: services.sessions.policy.cookieMaxAge))
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }
}
