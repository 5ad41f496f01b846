import NetIO
import Store

/// Signs users in with a username and password: rate-limited per username and per client address, timed the
/// same whether or not the username exists, upgrading old password hashes, and ending in a new session.
public struct PasswordLogin: Sendable {
    let store: any UserStore
    public let hasher: PasswordHasher
    public let limiter: LoginRateLimiter
    public let sessions: Sessions

    public init(store: any UserStore, hasher: PasswordHasher, limiter: LoginRateLimiter, sessions: Sessions) {
        self.store = store
        self.hasher = hasher
        self.limiter = limiter
        self.sessions = sessions
    }

    /// A successful sign-in.
    public struct SignedIn: Sendable {
        public let user: User
        /// The new session; its cookie value goes into `Set-Cookie` once.
        public let session: Sessions.Created
    }

    /// Checks a username and password and starts a session.
    /// - Parameters:
    ///   - username: compared without regard to case.
    ///   - password: as typed.
    ///   - clientAddress: the client's address (see `clientAddress(of:)`), counted separately from the username.
    /// - Throws: `AuthError` `.rateLimited` with `retryAfter` when the username or address is locked out,
    ///   `.invalidCredentials` for a wrong username or password, or a blocked user; `StoreError` when the store fails.
    public func signIn(username: String, password: String, clientAddress: String?) async throws -> SignedIn {
        if case .locked(let retryAfter) = limiter.beginAttempt(username: username, address: clientAddress) {
            throw AuthError(
                code: .rateLimited, message: "too many failed sign-ins: try again in \(Self.words(retryAfter))",
                retryAfter: retryAfter)
        }
        let user: User
        do {
            user = try await checkPassword(username: username, password: password)
        } catch {
            let failed = (error as? AuthError)?.code == .invalidCredentials
            limiter.endAttempt(username: username, address: clientAddress, outcome: failed ? .failed : .undecided)
            throw error
        }
        limiter.endAttempt(username: username, address: clientAddress, outcome: .succeeded)
        if let hash = user.passwordHash, hasher.needsRehash(hash) {
            var upgraded = user
            upgraded.passwordHash = await hasher.hash(password)
            try? await store.updateUser(upgraded)
        }
        return SignedIn(user: user, session: try await sessions.create(userID: user.id))
    }

    /// The user whose password `password` is.
    /// - Throws: `AuthError` `.invalidCredentials` for an unknown user, a wrong password or a blocked user.
    private func checkPassword(username: String, password: String) async throws -> User {
        let user = try await store.findUser(username: username)
        let matches: Bool
        if let user, let hash = user.passwordHash {
            matches = await hasher.verify(password, against: hash)
        } else {
            await hasher.verifyNothing(password)
            matches = false
        }
        guard let user, matches, !user.blocked else {
            throw AuthError(code: .invalidCredentials, message: "wrong username or password")
        }
        return user
    }

    /// The part of a peer's address that rate limits count: the IP address without the port.
    public static func clientAddress(of address: SocketAddress?) -> String? {
        switch address {
        case .ipv4(let host, _), .ipv6(let host, _): host
        case .unix(let path): "unix:\(path)"
        case nil: nil
        }
    }

    private static func words(_ duration: Duration) -> String {
        let seconds = max(1, Int(duration.components.seconds) + (duration.components.attoseconds > 0 ? 1 : 0))
        return seconds < 120 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
    }
}
