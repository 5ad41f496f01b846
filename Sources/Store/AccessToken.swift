import Foundation

/// A personal access token, for the API and the CLI. Only the token's hash is stored, never the token.
public struct AccessToken: Sendable, Hashable {
    public var id: String
    public var userID: String
    /// The name its owner gave it, such as "laptop CLI".
    public var name: String
    /// The hash of the token (unique); a presented token is hashed and looked up by it.
    public var hash: String
    public var createdAt: Date
    /// When the token stops working; nil for never.
    public var expiresAt: Date?
    /// When the token was last presented; nil until then.
    public var lastUsedAt: Date?

    public init(
        id: String, userID: String, name: String, hash: String, createdAt: Date, expiresAt: Date? = nil,
        lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.hash = hash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }
}
