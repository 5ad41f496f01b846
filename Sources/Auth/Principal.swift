import HTTPServer
import Store

/// Who made a request, and how they proved it.
public struct Principal: Sendable {
    /// How the caller authenticated.
    public enum Method: Sendable {
        /// With a browser session cookie; state-changing requests must carry the session's CSRF token.
        case session(Session)
        /// With a personal access token in `Authorization: Bearer`; no CSRF token is needed.
        case accessToken(AccessToken)
    }

    public let user: User
    public let method: Method

    public init(user: User, method: Method) {
        self.user = user
        self.method = method
    }

    /// The session's CSRF token, for pages to embed in forms; nil for token-authenticated requests.
    public var csrfToken: String? {
        guard case .session(let session) = method else { return nil }
        return session.csrfToken
    }

    /// Whether the caller is an administrator.
    public var isAdmin: Bool { user.role == .admin }

    /// Checks that the caller is an administrator.
    /// - Throws: `AuthError` `.permissionDenied` (403) otherwise.
    public func requireAdmin() throws(AuthError) {
        guard isAdmin else { throw AuthError(code: .permissionDenied, message: "only administrators may do this") }
    }
}

/// The `RequestContext` key under which `AuthenticationMiddleware` stores the caller.
public enum PrincipalKey: RequestContextKey {
    public typealias Value = Principal
}

extension RequestContext {
    /// The caller, when `AuthenticationMiddleware` authenticated one.
    public var principal: Principal? {
        get { self[PrincipalKey.self] }
        set { self[PrincipalKey.self] = newValue }
    }

    /// The caller.
    /// - Throws: `HTTPError` 401 when the request is not authenticated.
    public func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw HTTPError(
                .unauthorized, message: "sign in, or send a personal access token as 'Authorization: Bearer swp_…'",
                headers: ["WWW-Authenticate": "Bearer"])
        }
        return principal
    }

    /// The caller, who must be an administrator.
    /// - Throws: `HTTPError` 401 when the request is not authenticated, 403 when the caller is not an admin.
    public func requireAdmin() throws -> Principal {
        let principal = try requirePrincipal()
        do {
            try principal.requireAdmin()
        } catch {
            throw error.httpError
        }
        return principal
    }
}
