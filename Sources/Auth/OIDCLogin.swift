import Basics
import Crypto
import Foundation
import HTTPClient
import Store

/// Signs users in through an OpenID Connect provider with the authorization code flow and PKCE (S256).
///
/// `begin(returnTo:)` makes the provider URL to send the browser to, keeping its `state`, `nonce` and PKCE
/// verifier on the server; `complete(callbackQuery:)` takes the provider's answer, exchanges the code, verifies the
/// ID token, checks the email domain, finds or creates the user and starts a session.
public struct OIDCLogin: Sendable {
    public let provider: OIDCProvider
    public let configuration: OIDCProviderConfiguration
    let store: any UserStore
    public let sessions: Sessions
    let clock: WallClock
    private let pending = OIDCPendingLogins()

    /// - Throws: `AuthError` `.invalidArgument` when the configuration is not valid.
    public init(
        configuration: OIDCProviderConfiguration, store: any UserStore, sessions: Sessions,
        client: HTTPClient = .shared, clock: WallClock = .system
    ) throws(AuthError) {
        try configuration.validate()
        self.configuration = configuration
        self.provider = OIDCProvider(configuration: configuration, client: client, clock: clock)
        self.store = store
        self.sessions = sessions
        self.clock = clock
    }

    /// A started sign-in.
    public struct Started: Sendable {
        /// Where to redirect the browser.
        public let authorizationURL: String
        /// The `state` sent; also put it in a short-lived cookie and hand it back to `complete`, so that a callback
        /// only completes in the browser that started it.
        public let state: String
    }

    /// A completed sign-in.
    public struct SignedIn: Sendable {
        public let user: User
        /// The new session; its cookie value goes into `Set-Cookie` once.
        public let session: Sessions.Created
        /// Whether the user was created by this sign-in.
        public let isNewUser: Bool
        /// The checked relative path to send the browser to.
        public let returnTo: String
    }

    /// Starts a sign-in.
    /// - Parameters:
    ///   - returnTo: where to go afterwards: a path on our own host, such as `/workspaces?new=1`.
    ///   - loginHint: passed to the provider as `login_hint` (an email or username to preselect), when given.
    /// - Throws: `AuthError` `.invalidArgument` for a `returnTo` that is not a local path, `.oidcProviderFailed`
    ///   when discovery fails.
    public func begin(returnTo: String = "/", loginHint: String? = nil) async throws -> Started {
        try Self.checkReturnTo(returnTo)
        let metadata = try await provider.discover()
        let state = Base64URL.encode(SecureRandom.bytes(count: 32))
        let nonce = Base64URL.encode(SecureRandom.bytes(count: 32))
        let verifier = Base64URL.encode(SecureRandom.bytes(count: 32))
        let challenge = Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
        let now = clock.now()
        pending.insert(
            .init(
                nonce: nonce, codeVerifier: verifier, returnTo: returnTo,
                expiresAt: now.addingTimeInterval(configuration.pendingLoginLifetime)),
            state: state, now: now)
        var parameters = [
            ("response_type", "code"), ("client_id", configuration.clientID),
            ("redirect_uri", configuration.redirectURL),
            ("scope", configuration.effectiveScopes.joined(separator: " ")),
            ("state", state), ("nonce", nonce), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
        if let loginHint, !loginHint.isEmpty { parameters.append(("login_hint", loginHint)) }
        let separator = metadata.authorizationEndpoint.contains("?") ? "&" : "?"
        return Started(
            authorizationURL: metadata.authorizationEndpoint + separator + URLEncodedForm.encode(parameters),
            state: state)
    }

    /// Completes a sign-in from the query of the request to our redirect URL.
    /// - Parameters:
    ///   - callbackQuery: the query string after `?`, with `code` and `state` (or `error`).
    ///   - browserState: the `state` from the cookie set at `begin`; when given, it must match.
    /// - Throws: `AuthError`: `.invalidOIDCCallback` for an unknown, expired, replayed or foreign state, or an error
    ///   from the provider; `.oidcProviderFailed` when the token exchange fails; `.invalidIDToken` naming the check
    ///   that failed; `.permissionDenied` for an email that is missing, unverified or outside the allowed domains,
    ///   or a blocked user; `StoreError` when the store fails.
    public func complete(callbackQuery: String, browserState: String? = nil) async throws -> SignedIn {
        let query = URLEncodedForm.decode(callbackQuery)
        guard let state = query["state"], !state.isEmpty else {
            throw AuthError(code: .invalidOIDCCallback, message: "the sign-in callback has no state")
        }
        if let browserState, !constantTimeEquals(Array(browserState.utf8), Array(state.utf8)) {
            throw AuthError(
                code: .invalidOIDCCallback, message: "the sign-in callback's state was not started in this browser")
        }
        guard let login = pending.take(state: state, now: clock.now()) else {
            throw AuthError(
                code: .invalidOIDCCallback,
                message: "the sign-in state is unknown, expired or already used: start the sign-in again")
        }
        if let error = query["error"] {
            let description = query["error_description"].map { ": \($0)" } ?? ""
            throw AuthError(
                code: .invalidOIDCCallback, message: "the provider refused the sign-in: \(error)\(description)")
        }
        guard let code = query["code"], !code.isEmpty else {
            throw AuthError(code: .invalidOIDCCallback, message: "the sign-in callback has no code")
        }
        let idToken = try await exchange(code: code, verifier: login.codeVerifier)
        let claims = try await verify(idToken: idToken, nonce: login.nonce)
        let email = try checkEmail(claims)
        let (user, isNew) = try await findOrCreateUser(claims: claims, email: email)
        guard !user.blocked else {
            throw AuthError(code: .permissionDenied, message: "the user '\(user.username)' is blocked")
        }
        return SignedIn(
            user: user, session: try await sessions.create(userID: user.id), isNewUser: isNew,
            returnTo: login.returnTo)
    }

    /// Verifies an ID token: its form and algorithm, its signature with the provider's keys (fetched again once
    /// for an unknown `kid`), and its claims.
    /// - Throws: `AuthError` `.invalidIDToken` naming the check that failed.
    public func verify(idToken: String, nonce: String) async throws -> OIDCIDTokenClaims {
        let jws = try OIDCCompactJWS(idToken)
        return try OIDCIDTokenClaims.verify(
            idToken, with: try await provider.keys(forKeyID: jws.keyID),
            expecting: .init(
                issuer: configuration.issuer, clientID: configuration.clientID, nonce: nonce, now: clock.now(),
                leeway: configuration.clockLeeway))
    }

    /// Checks that `returnTo` is a path on our own host (`ReturnPath`).
    /// - Throws: `AuthError` `.invalidArgument`.
    public static func checkReturnTo(_ returnTo: String) throws(AuthError) {
        guard ReturnPath.validated(returnTo) != nil else {
            throw .invalidArgument(
                "invalid return path '\(returnTo)': it must be a path on this site, like /workspaces")
        }
    }

    /// The email of `claims` when the allowlist permits it; "" when no list is configured and the token has none.
    private func checkEmail(_ claims: OIDCIDTokenClaims) throws(AuthError) -> String {
        if claims.emailVerified == false {
            throw AuthError(code: .permissionDenied, message: "the provider says the email address is not verified")
        }
        guard let email = claims.email, !email.isEmpty else {
            guard configuration.allowedEmailDomains.isEmpty else {
                throw AuthError(
                    code: .permissionDenied, message: "the provider sent no email address, and sign-in needs one")
            }
            return ""
        }
        guard configuration.allowsEmail(email) else {
            throw AuthError(
                code: .permissionDenied, message: "the email address '\(email)' is not in an allowed domain")
        }
        return email
    }
}
