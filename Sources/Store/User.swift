import Foundation

/// A person who can sign in: by password, by OIDC, or both.
public struct User: Sendable, Hashable {
    /// What a user may do.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Manages the installation and every user.
        case admin
        /// Uses workspaces.
        case member
    }

    public var id: String
    /// The sign-in name; unique regardless of case.
    public var username: String
    public var displayName: String
    public var email: String
    public var role: Role
    /// The password hash (in its own self-describing format); nil for users who sign in only through OIDC.
    public var passwordHash: String?
    /// The OIDC issuer URL of `oidcSubject`.
    public var oidcIssuer: String?
    /// The OIDC `sub` claim; unique per issuer.
    public var oidcSubject: String?
    public var createdAt: Date
    /// A blocked user cannot sign in, and their tokens and sessions are refused.
    public var blocked: Bool

    public init(
        id: String, username: String, displayName: String, email: String, role: Role = .member,
        passwordHash: String? = nil, oidcIssuer: String? = nil, oidcSubject: String? = nil, createdAt: Date,
        blocked: Bool = false
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.oidcIssuer = oidcIssuer
        self.oidcSubject = oidcSubject
        self.createdAt = createdAt
        self.blocked = blocked
    }
}
