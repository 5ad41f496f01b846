import Crypto
import Foundation
import Store

/// How long browser sessions last.
///
/// A session expires after `idleTimeout` without a request (the expiry slides forward as it is used), and in any
/// case `absoluteLifetime` after it was created, when its user must sign in again.
public struct SessionPolicy: Sendable, Equatable {
    /// How long an unused session lasts: 7 days by default.
    public var idleTimeout: TimeInterval
    /// How long any session lasts: 30 days by default.
    public var absoluteLifetime: TimeInterval
    /// The least time between two writes that record a session's use and slide its expiry.
    public var touchInterval: TimeInterval

    public init(
        idleTimeout: TimeInterval = 7 * 86_400, absoluteLifetime: TimeInterval = 30 * 86_400,
        touchInterval: TimeInterval = 60
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.touchInterval = touchInterval
    }

    /// The cookie's `Max-Age`: the absolute lifetime, since the server enforces the idle timeout itself.
    public var cookieMaxAge: Int { Int(absoluteLifetime) }

    /// When a session created at `createdAt` and last used at `lastSeenAt` expires.
    func expiry(createdAt: Date, lastSeenAt: Date) -> Date {
        min(lastSeenAt.addingTimeInterval(idleTimeout), createdAt.addingTimeInterval(absoluteLifetime))
    }
}

/// Browser sessions: created at sign-in, verified on each request, revoked at sign-out.
///
/// The cookie carries 64 hex digits (32 random bytes) and the store keeps only their SHA-256 as the session's ID.
/// Each session has its own CSRF token (also 32 random bytes as hex), which its pages send back with every
/// state-changing request.
public struct Sessions: Sendable {
    let store: any UserStore & CredentialStore
    let clock: WallClock
    public let policy: SessionPolicy

    public init(
        store: any UserStore & CredentialStore, policy: SessionPolicy = SessionPolicy(), clock: WallClock = .system
    ) {
        self.store = store
        self.policy = policy
        self.clock = clock
    }

    /// A session just created: the cookie value, to send once, and the stored record.
    public struct Created: Sendable {
        /// The value of the session cookie; it cannot be read back later.
        public let cookieValue: String
        public let session: Session
    }

    /// A session that came with a request and is still valid, with its user.
    public struct Verified: Sendable {
        public let session: Session
        public let user: User
    }

    /// Starts a session for the user with `userID`.
    /// - Throws: `StoreError` `.notFound` for an unknown user.
    public func create(userID: String) async throws -> Created {
        let secret = SecretToken.generate()
        let now = clock.now()
        let session = Session(
            id: secret.storedHash, userID: userID, csrfToken: SecretToken.generate().hex, createdAt: now,
            expiresAt: policy.expiry(createdAt: now, lastSeenAt: now), lastSeenAt: now)
        try await store.createSession(session)
        return Created(cookieValue: secret.hex, session: session)
    }

    /// The session and user that a cookie value stands for, sliding the session's expiry forward.
    /// - Throws: `AuthError` `.unauthenticated` when the value is malformed, or the session unknown, revoked or
    ///   expired, or its user blocked; `StoreError` when the store fails.
    public func verify(cookieValue: String) async throws -> Verified {
        guard let secret = SecretToken(hex: cookieValue) else {
            throw AuthError.unauthenticated("the session cookie is malformed")
        }
        guard let stored = try await store.findSession(id: secret.storedHash),
            secret.matches(storedHash: stored.id)
        else { throw AuthError.unauthenticated("the session is not valid: it is unknown or was signed out") }
        let now = clock.now()
        let expiry = min(stored.expiresAt, stored.createdAt.addingTimeInterval(policy.absoluteLifetime))
        guard now < expiry else {
            _ = try? await store.deleteSession(id: stored.id)
            throw AuthError.unauthenticated("the session expired: sign in again")
        }
        let user: User
        do {
            user = try await store.user(id: stored.userID)
        } catch let error as StoreError where error.code == .notFound {
            throw AuthError.unauthenticated("the session is not valid: its user no longer exists")
        }
        guard !user.blocked else { throw AuthError.unauthenticated("the session's user is blocked") }
        var session = stored
        if now.timeIntervalSince(stored.lastSeenAt) >= policy.touchInterval {
            let newExpiry = policy.expiry(createdAt: stored.createdAt, lastSeenAt: now)
            do {
                try await store.touchSession(id: stored.id, lastSeenAt: now, expiresAt: newExpiry)
            } catch let error as StoreError where error.code == .notFound {
                throw AuthError.unauthenticated("the session is not valid: it was signed out")
            }
            session.lastSeenAt = now
            session.expiresAt = newExpiry
        }
        return Verified(session: session, user: user)
    }

    /// Ends the session a cookie value stands for (signing out); does nothing for an unknown or malformed value.
    public func revoke(cookieValue: String) async throws {
        guard let secret = SecretToken(hex: cookieValue) else { return }
        try await revoke(id: secret.storedHash)
    }

    /// Ends the session with the stored ID `id`; does nothing when there is none.
    public func revoke(id: String) async throws {
        do {
            try await store.deleteSession(id: id)
        } catch let error as StoreError where error.code == .notFound {
            return
        }
    }

    /// Ends every session of a user (after a password change, or when the user is blocked); returns how many.
    @discardableResult
    public func revokeAll(userID: String) async throws -> Int {
        try await store.deleteSessions(userID: userID)
    }

    /// Deletes the sessions that have expired; returns how many. The server calls it now and then.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        try await store.deleteExpiredSessions(now: clock.now())
    }

    /// Whether `presented` is the session's CSRF token, compared in constant time.
    public static func csrfTokenMatches(_ presented: String, session: Session) -> Bool {
        !presented.isEmpty && constantTimeEquals(Array(presented.utf8), Array(session.csrfToken.utf8))
    }
}
