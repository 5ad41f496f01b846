import Auth
import Basics
import Foundation
import HTTP
import HTTPServer
import Store

/// The dashboard at the base host: the workspaces (`/`, `/workspaces/:id`), environment variables, access tokens,
/// settings and, for administrators, users; and its style sheet and script under `/_dashboard/`.
///
/// Pages need a browser session and send anyone else to `/login?returnTo=…`. They render what the backend reads;
/// their forms and buttons call the public API from the browser, with the session's CSRF token. The one form that
/// also posts here, the new workspace's, works without script too.
public struct Dashboard: Sendable {
    /// A route of the dashboard, for the server to add to its router.
    public struct Route: Sendable {
        public let method: HTTPMethod
        public let pattern: String
        public let handler: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    }

    /// The largest form read.
    static let maximumFormBytes = 16 << 10

    let backend: any DashboardBackend
    let now: @Sendable () -> Date

    public init(backend: any DashboardBackend, now: @escaping @Sendable () -> Date = { Date() }) {
        self.backend = backend
        self.now = now
    }

    public var routes: [Route] {
        [
            Route(method: .get, pattern: "/") { [self] request, _ in try await workspacesPage(request) },
            Route(method: .post, pattern: "/workspaces") { [self] request, _ in try await createWorkspace(request) },
            Route(method: .get, pattern: "/workspaces/:id") { [self] in try await workspacePage($0, $1) },
            Route(method: .get, pattern: "/settings") { [self] request, _ in try await preferencesPage(request) },
            Route(method: .get, pattern: "/settings/variables") { [self] request, _ in
                try await variablesPage(request)
            },
            Route(method: .get, pattern: "/settings/tokens") { [self] request, _ in try await tokensPage(request) },
            Route(method: .get, pattern: "/admin/users") { [self] request, _ in try await usersPage(request) },
            Route(method: .get, pattern: DashboardAssets.prefix + "/:hash/:name") { _, context in
                DashboardAssets.shared.response(
                    hash: try context.parameter("hash"), name: try context.parameter("name"))
            },
        ]
    }

    // MARK: Pages

    func workspacesPage(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        var workspaces: [DashboardWorkspace] = []
        var unavailable: String?
        do {
            workspaces = try await backend.workspaces(for: principal)
        } catch let error as HTTPError {
            unavailable = "Your workspaces cannot be listed right now: \(error.message)"
        }
        let body =
            WorkspacePages.newWorkspaceForm(csrfToken: csrfToken)
            + WorkspacePages.list(workspaces, unavailable: unavailable, now: now())
        return page("Workspaces", .workspaces, principal, csrfToken, body).response()
    }

    /// `POST /workspaces` from the form without script: creates the workspace and goes to its page, or shows the
    /// form again with the API's message next to the URL.
    func createWorkspace(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        guard request.headers.mediaType == "application/x-www-form-urlencoded" else {
            throw HTTPError(
                HTTPStatus(code: 415), code: "unsupported_media_type",
                message: "send the form as application/x-www-form-urlencoded")
        }
        let body = try await request.body.collect(maxBytes: Self.maximumFormBytes)
        let form = URLEncodedForm.decode(String(decoding: body.readableView, as: UTF8.self))
        guard let token = form[AuthenticationMiddleware.csrfFormField], token == csrfToken else {
            throw HTTPError.forbidden("this form is out of date or came from another site: reload the page")
        }
        let url = (form["url"] ?? "").trimmingCharacters(in: .whitespaces)
        let image = (form["image"] ?? "").trimmingCharacters(in: .whitespaces)
        let message: String
        let status: HTTPStatus
        if url.isEmpty {
            (message, status) = ("Enter the URL of a repository, such as https://github.com/owner/repo.", .badRequest)
        } else {
            do {
                let workspace = try await backend.createWorkspace(
                    contextURL: url, image: image.isEmpty ? nil : image, for: principal)
                return Self.redirect(to: "/workspaces/" + ReturnPath.queryEncoded(workspace.id))
            } catch let error as HTTPError {
                (message, status) = (error.message, error.status)
            }
        }
        let workspaces = (try? await backend.workspaces(for: principal)) ?? []
        let html =
            WorkspacePages.newWorkspaceForm(url: url, image: image, error: message, csrfToken: csrfToken)
            + WorkspacePages.list(workspaces, unavailable: nil, now: now())
        return page("Workspaces", .workspaces, principal, csrfToken, html).response(status: status)
    }

    func workspacePage(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        let id = try context.parameter("id")
        let workspace: DashboardWorkspace
        do {
            workspace = try await backend.workspace(id: id, for: principal)
        } catch let error as HTTPError where error.status == .notFound {
            return notFound(principal, csrfToken, "You have no workspace \(id).")
        } catch let error as HTTPError {
            let body =
                "<p class=\"notice\" role=\"status\">This workspace cannot be shown right now: "
                + "\(HTML.escape(error.message))</p>"
            return page("Workspace \(id)", .workspaces, principal, csrfToken, body).response(status: error.status)
        }
        let openIDE = request.queryParameters["open"] == "1"
        let body = WorkspacePages.detail(workspace, openIDE: openIDE, now: now())
        return page("Workspace \(workspace.id)", .workspaces, principal, csrfToken, body).response()
    }

    func variablesPage(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        let body = SettingsPages.variables(try await backend.environmentVariables(for: principal))
        return page("Environment variables", .variables, principal, csrfToken, body).response()
    }

    func tokensPage(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        let body = SettingsPages.tokens(try await backend.accessTokens(for: principal), now: now())
        return page("Access tokens", .tokens, principal, csrfToken, body).response()
    }

    func preferencesPage(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        let body = SettingsPages.preferences(try await backend.timeoutSettings(for: principal))
        return page("Settings", .settings, principal, csrfToken, body).response()
    }

    /// Administrators only; anyone else hears that there is no such page, as the API answers for what a user may
    /// not see.
    func usersPage(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let (principal, csrfToken) = await signedIn(request) else { return signInRedirect(request) }
        guard principal.isAdmin else { return notFound(principal, csrfToken, "There is no page here.") }
        let body = SettingsPages.users(try await backend.users(), signedIn: principal.user)
        return page("Users", .users, principal, csrfToken, body).response()
    }

    // MARK: Steps

    /// The session's caller and CSRF token; nil without a browser session.
    private func signedIn(_ request: HTTPRequest) async -> (Principal, String)? {
        guard let principal = await backend.principal(of: request), let csrfToken = principal.csrfToken else {
            return nil
        }
        return (principal, csrfToken)
    }

    private func page(
        _ title: String, _ section: DashboardPage.Section, _ principal: Principal, _ csrfToken: String, _ body: String
    ) -> DashboardPage {
        DashboardPage(title: title, section: section, user: principal.user, csrfToken: csrfToken, body: body)
    }

    private func notFound(_ principal: Principal, _ csrfToken: String, _ message: String) -> HTTPResponse {
        let body = "<p>\(HTML.escape(message))</p><p><a href=\"/\">Back to your workspaces</a></p>"
        return DashboardPage(title: "Not found", section: nil, user: principal.user, csrfToken: csrfToken, body: body)
            .response(status: .notFound)
    }

    /// To the sign-in page, which returns here afterwards.
    private func signInRedirect(_ request: HTTPRequest) -> HTTPResponse {
        let here = ReturnPath.validated(String(request.head.target)) ?? "/"
        return Self.redirect(to: "/login?returnTo=" + ReturnPath.queryEncoded(here))
    }

    static func redirect(to location: String) -> HTTPResponse {
        HTTPResponse(status: .seeOther, headers: ["Location": location, "Cache-Control": "no-store"])
    }
}
