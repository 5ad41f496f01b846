import Foundation
import Store

/// A user as the API shows it (never the password hash).
public struct UserJSON: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    public var displayName: String
    public var email: String
    public var role: String
    public var blocked: Bool
    public var createdAt: Date

    public init(_ user: User) {
        id = user.id
        username = user.username
        displayName = user.displayName
        email = user.email
        role = user.role.rawValue
        blocked = user.blocked
        createdAt = user.createdAt
    }
}

/// The answer to a sign-in or `GET /api/v1/auth/me`: the user, and the CSRF token a browser session sends in
/// `X-CSRF-Token` on state-changing requests (absent for token-authenticated callers).
public struct SignedInJSON: Codable, Sendable {
    public var user: UserJSON
    public var csrfToken: String?
}

/// A personal access token as listed (never the token itself).
public struct AccessTokenJSON: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?

    public init(_ token: AccessToken) {
        id = token.id
        name = token.name
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        lastUsedAt = token.lastUsedAt
    }
}

/// A token just created: the only time its secret is shown.
public struct CreatedAccessTokenJSON: Codable, Sendable {
    public var token: String
    public var accessToken: AccessTokenJSON
}

/// One of the caller's environment variables.
public struct EnvironmentVariableJSON: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    public var repositoryPattern: String

    public init(_ variable: EnvironmentVariable) {
        name = variable.name
        value = variable.value
        repositoryPattern = variable.repositoryPattern
    }
}

/// A list under `items`, the shape of every collection the API returns.
public struct ListJSON<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }
}
