import Foundation

/// A signed-in browser session.
public struct Session: Sendable, Hashable {
    /// The hash of the session cookie's token; the token itself is never stored.
    public var id: String
    public var userID: String
    /// The CSRF token the session's pages embed in state-changing forms.
    public var csrfToken: String
    public var createdAt: Date
    /// When the session ends unless it is extended.
    public var expiresAt: Date
    /// When a request last came with the session.
    public var lastSeenAt: Date

    public init(id: String, userID: String, csrfToken: String, createdAt: Date, expiresAt: Date, lastSeenAt: Date) {
        self.id = id
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
    }
}
