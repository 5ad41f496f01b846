import Auth
import Foundation
import HTTP
import HTTPServer
import Store

/// The browser's way in to the dashboard: `GET`/`POST /login`, `GET`/`POST /setup` (the one-time link the server
/// prints) and `POST /logout`.
///
/// The forms post `application/x-www-form-urlencoded`, which any site could post too: so every post must carry an
/// `Origin` of this server, and signing out also needs the session's CSRF token. A sign-in returns only to a path on
/// this site (`ReturnPath`).
enum SignInRoutes {
    static let loginPath = "/login"
    static let logoutPath = "/logout"
    /// The largest form read.
    static let maximumFormBytes = 16 << 10

    static func routes(_ services: SwiftpodServices) -> RouteGroup {
        var group = RouteGroup()
        group.get(loginPath) { request, _ in
            let returnTo = ReturnPath.validated(request.queryParameters["returnTo"] ?? "/") ?? "/"
            if try await signedInUser(services, request) != nil { return redirect(to: returnTo) }
            return loginPage(services, returnTo: returnTo).response()
        }
        group.post(loginPath) { request, context in
            let form = try await readForm(request, services: services)
            let returnTo = ReturnPath.validated(form["returnTo"] ?? "/") ?? "/"
            let username = form["username"] ?? ""
            do {
                let signedIn = try await services.passwordLogin.signIn(
                    username: username, password: form["password"] ?? "",
                    clientAddress: PasswordLogin.clientAddress(of: context.remoteAddress))
                return signedInRedirect(services, to: returnTo, session: signedIn.session)
            } catch let error as AuthError {
                var response = loginPage(services, returnTo: returnTo, username: username, error: error.message)
                    .response(status: error.httpError.status)
                for (name, value) in error.httpError.headers { response.headers.add(name: name, value: value) }
                return response
            }
        }
        group.get(FirstRunSetup.path) { request, _ in
            let token = request.queryParameters["token"] ?? ""
            guard try await services.firstRunSetup.isNeeded() else { return setupDonePage().response() }
            guard services.firstRunSetup.isValid(token: token) else {
                return SignInPage(
                    title: "Set up Swiftpod",
                    body: "<p class=\"error\">This setup link is not valid: it expired or was already used. Restart "
                        + "<code>swiftpod server</code> for a new link.</p>"
                ).response(status: .forbidden)
            }
            return setupPage(token: token).response()
        }
        group.post(FirstRunSetup.path) { request, _ in
            let form = try await readForm(request, services: services)
            let token = form["token"] ?? ""
            let username = form["username"] ?? ""
            let email = form["email"] ?? ""
            do {
                let user = try await services.firstRunSetup.createFirstAdmin(
                    token: token, username: username, password: form["password"] ?? "", email: email)
                services.logger.notice("the first administrator was created", ["user.name": user.username])
                let session = try await services.sessions.create(userID: user.id)
                return signedInRedirect(services, to: "/", session: session)
            } catch let error as AuthError {
                guard try await services.firstRunSetup.isNeeded() else { return setupDonePage().response() }
                return setupPage(token: token, username: username, email: email, error: error.message)
                    .response(status: error.httpError.status)
            }
        }
        return group
    }

    /// `POST /logout`, behind authentication and its CSRF check (the form sends the token as `csrf_token`).
    static func authenticatedRoutes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        group.post(logoutPath) { request, context in
            try checkOrigin(request, services: services)
            let principal = try context.requirePrincipal()
            if case .session(let session) = principal.method { try await services.sessions.revoke(id: session.id) }
            var response = redirect(to: loginPath)
            response.headers.add(name: "Set-Cookie", value: services.cookie.clearingCookie())
            return response
        }
        return group
    }

    // MARK: Steps

    /// The signed-in user of a browser session, with its CSRF token; nil without a valid session (a bearer token
    /// has no CSRF token, so it does not count here).
    private static func signedInUser(
        _ services: SwiftpodServices, _ request: HTTPRequest
    ) async throws -> (user: User, csrfToken: String)? {
        guard let principal = try? await services.authenticator.authenticate(request),
            let csrfToken = principal.csrfToken
        else { return nil }
        return (principal.user, csrfToken)
    }

    /// The fields of a posted form, after checking that it comes from a page of this server.
    /// - Throws: `HTTPError` 403 for another origin, 415 for another content type, 413 for a large form.
    private static func readForm(_ request: HTTPRequest, services: SwiftpodServices) async throws -> [String: String] {
        try checkOrigin(request, services: services)
        guard request.headers.mediaType == "application/x-www-form-urlencoded" else {
            throw HTTPError(
                HTTPStatus(code: 415), code: "unsupported_media_type",
                message: "send the form as application/x-www-form-urlencoded")
        }
        let body = try await request.body.collect(maxBytes: maximumFormBytes)
        return URLEncodedForm.decode(String(decoding: body.readableView, as: UTF8.self))
    }

    /// Refuses a post whose `Origin` is missing or is not this server's, as another site's form would be.
    private static func checkOrigin(_ request: HTTPRequest, services: SwiftpodServices) throws {
        let expected = services.configuration.baseURL
        guard let origin = request.headers["Origin"], origin == expected else {
            throw HTTPError.forbidden(
                "this form must be sent from a page of \(expected) (the request's Origin was "
                    + "\(request.headers["Origin"].map { "'\($0)'" } ?? "missing")); open \(expected) and try again")
        }
    }

    private static func redirect(to location: String) -> HTTPResponse {
        HTTPResponse(status: .seeOther, headers: ["Location": location, "Cache-Control": "no-store"])
    }

    private static func signedInRedirect(
        _ services: SwiftpodServices, to location: String, session: Sessions.Created
    ) -> HTTPResponse {
        var response = redirect(to: location)
        response.headers.add(
            name: "Set-Cookie",
            value: services.cookie.setCookie(value: session.cookieValue, maxAge: services.sessions.policy.cookieMaxAge))
        return response
    }

    // MARK: Pages

    private static func loginPage(
        _ services: SwiftpodServices, returnTo: String, username: String = "", error: String? = nil
    ) -> SignInPage {
        var body = SignInPage.form(
            action: loginPath,
            fields: [
                .init(name: "username", label: "Username", value: username, autocomplete: "username"),
                .init(name: "password", label: "Password", type: "password", autocomplete: "current-password"),
            ], hidden: [("returnTo", returnTo)], submit: "Sign in", error: error)
        if services.oidcLogin != nil {
            let start = OIDCRoutes.startPath + "?returnTo=" + ReturnPath.queryEncoded(returnTo)
            let provider = services.configuration.oidc.flatMap { URLComponents(string: $0.issuer)?.host }
            body +=
                "\n<p><a class=\"button\" href=\"\(HTMLText.escaped(start))\">Sign in with "
                + "\(HTMLText.escaped(provider ?? "single sign-on"))</a></p>"
        }
        return SignInPage(title: "Sign in to Swiftpod", body: body)
    }

    private static func setupPage(
        token: String, username: String = "", email: String = "", error: String? = nil
    ) -> SignInPage {
        SignInPage(
            title: "Set up Swiftpod",
            body: "<p>Create the first administrator of this installation.</p>\n"
                + SignInPage.form(
                    action: FirstRunSetup.path,
                    fields: [
                        .init(name: "username", label: "Username", value: username, autocomplete: "username"),
                        .init(
                            name: "email", label: "Email (optional)", type: "email", value: email,
                            autocomplete: "email", required: false),
                        .init(name: "password", label: "Password", type: "password", autocomplete: "new-password"),
                    ], hidden: [("token", token)], submit: "Create administrator", error: error))
    }

    private static func setupDonePage() -> SignInPage {
        SignInPage(
            title: "Set up Swiftpod",
            body:
                "<p>This installation is already set up.</p><p><a class=\"button\" href=\"\(loginPath)\">Sign in</a></p>"
        )
    }
}
