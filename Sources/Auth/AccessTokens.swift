import Foundation
import Store

/// Personal access tokens: created for a user and shown once, verified on each API request, listed and revoked.
///
/// A token reads `swp_` followed by 64 lowercase hex digits (32 random bytes). The store keeps only the SHA-256 of
/// the bytes, so a leaked database leaks no usable token; a presented token is hashed and looked up by its hash,
/// which leaks nothing about stored tokens through timing. Each use is recorded, at most once per
/// `useRecordingInterval` for a token, to spare the database a write on every request.
public struct AccessTokens: Sendable {
    /// What every token starts with, so that secret scanners and people recognize one.
    public static let prefix = "swp_"
    /// The longest name a token may have.
    public static let maximumNameLength = 100

    let store: any UserStore & CredentialStore
    let clock: WallClock
    /// The least time between two recorded uses of one token.
    public let useRecordingInterval: TimeInterval

    public init(
        store: any UserStore & CredentialStore, clock: WallClock = .system, useRecordingInterval: TimeInterval = 60
    ) {
        self.store = store
        self.clock = clock
        self.useRecordingInterval = useRecordingInterval
    }

    /// A token just created: the secret, to show once, and the stored record.
    public struct Created: Sendable {
        /// The token to hand to the user; it cannot be read back later.
        public let token: String
        public let record: AccessToken
    }

    /// A token that was presented and accepted, with its user.
    public struct Verified: Sendable {
        public let record: AccessToken
        public let user: User
    }

    /// Creates a token for the user with `userID`.
    /// - Parameters:
    ///   - userID: the owner.
    ///   - name: a label such as "laptop CLI": 1 to 100 characters, no control characters.
    ///   - lifetime: when the token stops working.
    /// - Throws: `AuthError` `.invalidArgument` for a bad name, `StoreError` `.notFound` for an unknown user.
    public func create(userID: String, name: String, lifetime: CredentialLifetime) async throws -> Created {
        try Self.checkName(name)
        let secret = SecretToken.generate()
        let now = clock.now()
        let record = AccessToken(
            id: randomRecordID(), userID: userID, name: name, hash: secret.storedHash, createdAt: now,
            expiresAt: lifetime.expiry(from: now))
        try await store.createAccessToken(record)
        return Created(token: Self.prefix + secret.hex, record: record)
    }

    /// The token and user that `presented` stands for.
    /// - Throws: `AuthError` `.unauthenticated` when the token is malformed, unknown, revoked or expired, or its
    ///   user is blocked; `StoreError` when the store fails.
    public func verify(_ presented: String) async throws -> Verified {
        guard let secret = Self.parse(presented) else {
            throw AuthError.unauthenticated("the access token is malformed: expected 'swp_' and 64 hex digits")
        }
        guard let record = try await store.findAccessToken(hash: secret.storedHash),
            secret.matches(storedHash: record.hash)
        else { throw AuthError.unauthenticated("the access token is not valid: it is unknown or was revoked") }
        let now = clock.now()
        if let expiresAt = record.expiresAt, expiresAt <= now {
            throw AuthError.unauthenticated("the access token expired at \(expiresAt.ISO8601Format())")
        }
        let user: User
        do {
            user = try await store.user(id: record.userID)
        } catch let error as StoreError where error.code == .notFound {
            throw AuthError.unauthenticated("the access token is not valid: its user no longer exists")
        }
        guard !user.blocked else { throw AuthError.unauthenticated("the access token's user is blocked") }
        var recorded = record
        if record.lastUsedAt.map({ now.timeIntervalSince($0) >= useRecordingInterval }) ?? true {
            do {
                try await store.recordAccessTokenUse(id: record.id, at: now)
                recorded.lastUsedAt = now
            } catch let error as StoreError where error.code == .notFound {
                throw AuthError.unauthenticated("the access token is not valid: it was revoked")
            }
        }
        return Verified(record: recorded, user: user)
    }

    /// A user's tokens, newest first (without any secret: only hashes are stored).
    public func list(userID: String) async throws -> [AccessToken] {
        try await store.accessTokens(userID: userID)
    }

    /// Revokes the token `id` of the user `userID`.
    /// - Throws: `StoreError` `.notFound` when the user has no such token (another user's token counts as none).
    public func revoke(id: String, userID: String) async throws {
        guard try await store.accessTokens(userID: userID).contains(where: { $0.id == id }) else {
            throw StoreError(code: .notFound, message: "no access token with id '\(id)'")
        }
        try await store.deleteAccessToken(id: id)
    }

    /// The secret of a presented token; nil unless it is `swp_` and 64 hex digits.
    static func parse(_ presented: String) -> SecretToken? {
        guard presented.hasPrefix(prefix) else { return nil }
        return SecretToken(hex: presented.dropFirst(prefix.count))
    }

    static func checkName(_ name: String) throws(AuthError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidArgument("the token name must not be empty")
        }
        guard name.count <= maximumNameLength else {
            throw .invalidArgument("the token name must be at most \(maximumNameLength) characters long")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidArgument("the token name must not contain control characters")
        }
    }
}
