import HTTP
import HTTPServer
import Store

/// Finds out who made a request: a personal access token in `Authorization: Bearer swp_…` first, then the session
/// cookie.
public struct Authenticator: Sendable {
    public let accessTokens: AccessTokens
    public let sessions: Sessions
    public let cookie: SessionCookie
    /// The most session cookies of our name tried for one request (a browser sends several only in odd cases).
    static let maximumCookieCandidates = 3

    public init(accessTokens: AccessTokens, sessions: Sessions, cookie: SessionCookie) {
        self.accessTokens = accessTokens
        self.sessions = sessions
        self.cookie = cookie
    }

    /// The caller of `request`, or nil when it carries no credential at all.
    ///
    /// A bearer token that is present but not valid is refused outright rather than ignored, so that a script
    /// with a revoked token learns so. A session cookie that is not valid is ignored (the browser may hold a stale
    /// one), and the request counts as anonymous.
    /// - Throws: `AuthError` `.unauthenticated` for an `Authorization` header that is not a valid bearer token;
    ///   `StoreError` when the store fails.
    public func authenticate(_ request: HTTPRequest) async throws -> Principal? {
        if let authorization = request.headers["Authorization"] {
            let token = try Self.bearerToken(in: authorization)
            let verified = try await accessTokens.verify(token)
            return Principal(user: verified.user, method: .accessToken(verified.record))
        }
        for value in cookie.values(in: request.headers).prefix(Self.maximumCookieCandidates) {
            do {
                let verified = try await sessions.verify(cookieValue: value)
                return Principal(user: verified.user, method: .session(verified.session))
            } catch let error as AuthError where error.code == .unauthenticated {
                continue
            }
        }
        return nil
    }

    /// Checks a request's CSRF token: state-changing requests (anything but GET, HEAD, OPTIONS and TRACE) made
    /// with a session must carry the session's token in the `X-CSRF-Token` header or as `formToken` (the
    /// `csrf_token` field of a posted form). Requests with an access token need none: a browser never adds one.
    /// - Throws: `AuthError` `.csrfRejected` when the token is missing or wrong.
    public static func checkCSRF(
        _ request: HTTPRequest, principal: Principal?, formToken: String? = nil
    )
        throws(AuthError)
    {
        guard let principal, case .session(let session) = principal.method, isStateChanging(request.method) else {
            return
        }
        let presented = request.headers["X-CSRF-Token"] ?? formToken
        guard let presented else {
            throw AuthError(
                code: .csrfRejected,
                message: "missing CSRF token: send the 'X-CSRF-Token' header or the 'csrf_token' form field")
        }
        guard Sessions.csrfTokenMatches(presented, session: session) else {
            throw AuthError(code: .csrfRejected, message: "the CSRF token does not match this session: reload the page")
        }
    }

    /// Whether `method` may change state, and so needs a CSRF token from a session.
    public static func isStateChanging(_ method: HTTPMethod) -> Bool {
        ![.get, .head, .options, .trace].contains(method)
    }

    /// The token of an `Authorization: Bearer …` header (the scheme compared without regard to case).
    static func bearerToken(in authorization: String) throws(AuthError) -> String {
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthenticated("unsupported Authorization header: expected 'Bearer swp_…'")
        }
        return String(parts[1]).trimmingHTTPWhitespace()
    }
}
