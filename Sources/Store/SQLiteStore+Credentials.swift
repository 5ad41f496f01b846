import Foundation
import SQLite

extension SQLiteStore: CredentialStore {
    private static let tokenColumns = "id, user_id, name, hash, created_at, expires_at, last_used_at"
    private static let sessionColumns = "id, user_id, csrf_token, created_at, expires_at, last_seen_at"

    public func createAccessToken(_ token: AccessToken) async throws {
        try await perform("create access token '\(token.name)'") { connection in
            try connection.change(
                "INSERT INTO access_tokens (\(Self.tokenColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    token.id, token.userID, token.name, token.hash, token.createdAt.unixMilliseconds,
                    token.expiresAt.unixMilliseconds, token.lastUsedAt.unixMilliseconds,
                ],
                conflicts: [
                    "access_tokens.hash": "an access token with the same hash already exists",
                    "access_tokens.id": "an access token with id '\(token.id)' already exists",
                ],
                foreignKey: .notFound("user", id: token.userID))
        }
    }

    public func findAccessToken(hash: String) async throws -> AccessToken? {
        try await perform("find an access token") { connection in
            try connection.queryFirst("SELECT \(Self.tokenColumns) FROM access_tokens WHERE hash = ?", [hash])
                .map(Self.token)
        }
    }

    public func accessTokens(userID: String) async throws -> [AccessToken] {
        try await perform("list the access tokens of user '\(userID)'") { connection in
            try connection.query(
                "SELECT \(Self.tokenColumns) FROM access_tokens WHERE user_id = ? ORDER BY created_at DESC, id",
                [userID]
            ).map(Self.token)
        }
    }

    public func recordAccessTokenUse(id: String, at date: Date) async throws {
        try await perform("record the use of access token '\(id)'") { connection in
            try connection.changeOne(
                "UPDATE access_tokens SET last_used_at = ? WHERE id = ?", [date.unixMilliseconds, id],
                notFound: .notFound("access token", id: id))
        }
    }

    public func deleteAccessToken(id: String) async throws {
        try await perform("delete access token '\(id)'") { connection in
            try connection.changeOne(
                "DELETE FROM access_tokens WHERE id = ?", [id], notFound: .notFound("access token", id: id))
        }
    }

    public func createSession(_ session: Session) async throws {
        try await perform("create a session for user '\(session.userID)'") { connection in
            try connection.change(
                "INSERT INTO sessions (\(Self.sessionColumns)) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    session.id, session.userID, session.csrfToken, session.createdAt.unixMilliseconds,
                    session.expiresAt.unixMilliseconds, session.lastSeenAt.unixMilliseconds,
                ],
                conflicts: ["sessions.id": "a session with the same id already exists"],
                foreignKey: .notFound("user", id: session.userID))
        }
    }

    public func findSession(id: String) async throws -> Session? {
        try await perform("find a session") { connection in
            try connection.queryFirst("SELECT \(Self.sessionColumns) FROM sessions WHERE id = ?", [id])
                .map(Self.session)
        }
    }

    public func touchSession(id: String, lastSeenAt: Date, expiresAt: Date?) async throws {
        try await perform("update a session") { connection in
            try connection.changeOne(
                "UPDATE sessions SET last_seen_at = ?, expires_at = coalesce(?, expires_at) WHERE id = ?",
                [lastSeenAt.unixMilliseconds, expiresAt.unixMilliseconds, id],
                notFound: StoreError(code: .notFound, message: "no such session"))
        }
    }

    public func deleteSession(id: String) async throws {
        try await perform("delete a session") { connection in
            try connection.changeOne(
                "DELETE FROM sessions WHERE id = ?", [id],
                notFound: StoreError(code: .notFound, message: "no such session"))
        }
    }

    public func deleteSessions(userID: String) async throws -> Int {
        try await perform("delete the sessions of user '\(userID)'") { connection in
            try connection.change("DELETE FROM sessions WHERE user_id = ?", [userID])
        }
    }

    public func deleteExpiredSessions(now: Date) async throws -> Int {
        try await perform("delete expired sessions") { connection in
            try connection.change("DELETE FROM sessions WHERE expires_at <= ?", [now.unixMilliseconds])
        }
    }

    private static func token(_ row: SQLiteRow) throws -> AccessToken {
        AccessToken(
            id: try row.value("id"), userID: try row.value("user_id"), name: try row.value("name"),
            hash: try row.value("hash"), createdAt: try row.date("created_at"),
            expiresAt: try row.optionalDate("expires_at"), lastUsedAt: try row.optionalDate("last_used_at"))
    }

    private static func session(_ row: SQLiteRow) throws -> Session {
        Session(
            id: try row.value("id"), userID: try row.value("user_id"), csrfToken: try row.value("csrf_token"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
            lastSeenAt: try row.date("last_seen_at"))
    }
}
