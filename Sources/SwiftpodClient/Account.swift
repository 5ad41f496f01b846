import Foundation

/// A user as the API shows it.
public struct APIUser: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    public var displayName: String
    public var email: String
    /// `admin` or `member`.
    public var role: String
    public var blocked: Bool
    public var createdAt: Date
}

/// The answer to a sign-in and to `GET /api/v1/auth/me`.
public struct SignedIn: Codable, Sendable, Equatable {
    public var user: APIUser
    /// The CSRF token of a browser session; absent for token callers.
    public var csrfToken: String?
}

/// A personal access token as listed (never the secret).
public struct AccessTokenInfo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
}

/// A token just created: the only time its secret is shown.
public struct CreatedAccessToken: Codable, Sendable, Equatable {
    /// The secret, `swp_…`.
    public var token: String
    public var accessToken: AccessTokenInfo
}

/// One of the caller's environment variables, injected into the workspaces whose repository matches the pattern.
public struct EnvironmentVariable: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    /// `owner/repo`, `owner/*`, `*/repo` or `*/*`.
    public var repositoryPattern: String
}

/// A collection under `items`, as the account routes answer lists.
struct ItemList<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
}
