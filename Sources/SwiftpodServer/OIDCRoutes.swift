import Auth
import Foundation
import HTTP
import HTTPServer

/// `GET /auth/oidc/start?returnTo=` and `GET /auth/oidc/callback`, present only when an OIDC provider is
/// configured. The sign-in's state also goes into a short-lived, HttpOnly cookie limited to `/auth/oidc`, so a
/// callback is accepted only in the browser that started it.
enum OIDCRoutes {
    static let startPath = "/auth/oidc/start"
    static let callbackPath = "/auth/oidc/callback"
    static let stateCookie = "swiftpod_oidc_state"
    /// How long a started sign-in may take, in seconds.
    static let stateLifetime = 600

    static func routes(_ services: SwiftpodServices, login: OIDCLogin) -> RouteGroup {
        var group = services.publicGroup()
        let secure = services.cookie.secure ? "; Secure" : ""
        group.get(startPath) { request, _ in
            let returnTo = request.queryParameters["returnTo"] ?? "/"
            try OIDCLogin.checkReturnTo(returnTo)
            let started = try await login.begin(returnTo: returnTo)
            return HTTPResponse(
                status: .found,
                headers: [
                    "Location": started.authorizationURL, "Cache-Control": "no-store",
                    "Set-Cookie":
                        "\(stateCookie)=\(started.state); Path=/auth/oidc; Max-Age=\(stateLifetime); HttpOnly; "
                        + "SameSite=Lax\(secure)",
                ])
        }
        group.get(callbackPath) { request, _ in
            let browserState = CookieHeader.parse(request.headers.values("Cookie")).first {
                $0.name == stateCookie
            }?.value
            let signedIn = try await login.complete(
                callbackQuery: request.head.query.map(String.init) ?? "", browserState: browserState)
            var response = HTTPResponse(
                status: .found, headers: ["Location": signedIn.returnTo, "Cache-Control": "no-store"])
            response.headers.add(
                name: "Set-Cookie",
                value: services.cookie.setCookie(
                    value: signedIn.session.cookieValue, maxAge: services.sessions.policy.cookieMaxAge))
            response.headers.add(
                name: "Set-Cookie",
                value: "\(stateCookie)=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax\(secure)")
            return response
        }
        return group
    }
}
