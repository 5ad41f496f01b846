import Foundation

/// Personal access tokens and browser sessions.
public protocol CredentialStore: Sendable {
    /// Adds a token.
    /// - Throws: `.conflict` when its ID or hash is taken, `.notFound` when its user does not exist.
    func createAccessToken(_ token: AccessToken) async throws
    /// The token whose hash is `hash`.
    func findAccessToken(hash: String) async throws -> AccessToken?
    /// A user's tokens, newest first.
    func accessTokens(userID: String) async throws -> [AccessToken]
    /// Records that the token was presented at `date`.
    /// - Throws: `.notFound` when there is no such token.
    func recordAccessTokenUse(id: String, at date: Date) async throws
    /// Revokes a token.
    /// - Throws: `.notFound` when there is no such token.
    func deleteAccessToken(id: String) async throws

    /// Adds a session.
    /// - Throws: `.conflict` when its ID is taken, `.notFound` when its user does not exist.
    func createSession(_ session: Session) async throws
    /// The session whose ID (the hash of its token) is `id`, expired or not: the caller checks `expiresAt`.
    func findSession(id: String) async throws -> Session?
    /// Records a request made with the session at `lastSeenAt`, and moves its expiry to `expiresAt` when given.
    /// - Throws: `.notFound` when there is no such session.
    func touchSession(id: String, lastSeenAt: Date, expiresAt: Date?) async throws
    /// Ends a session (signing out).
    /// - Throws: `.notFound` when there is no such session.
    func deleteSession(id: String) async throws
    /// Ends all of a user's sessions, and returns how many there were.
    func deleteSessions(userID: String) async throws -> Int
    /// Deletes the sessions that expired at or before `now`, and returns how many there were.
    func deleteExpiredSessions(now: Date) async throws -> Int
}
