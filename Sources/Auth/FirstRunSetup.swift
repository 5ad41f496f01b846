import Crypto
import Foundation
import Store
import Synchronization

/// The first administrator of a new installation: while the store has no users, the server prints a one-time
/// setup link whose token lets whoever holds it create the first admin.
///
/// The token is random, lives only in memory (a restart prints a new one), expires after `lifetime`, and is used
/// up by the first successful setup.
public final class FirstRunSetup: Sendable {
    /// The path of the setup page; the link is `<public URL>/setup?token=…`.
    public static let path = "/setup"

    private struct Pending {
        var token: String
        var expiresAt: Date
        var inUse = false
    }

    private let accounts: UserAccounts
    private let store: any UserStore
    private let clock: WallClock
    /// How long a setup token lasts.
    public let lifetime: TimeInterval
    private let pending = Mutex<Pending?>(nil)

    public init(store: any UserStore, accounts: UserAccounts, lifetime: TimeInterval = 3600, clock: WallClock = .system)
    {
        self.store = store
        self.accounts = accounts
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Whether the installation still needs its first user.
    public func isNeeded() async throws -> Bool {
        try await store.listUsers().isEmpty
    }

    /// The setup link for a server at `publicURL`, with a token made now (or the current one while it lasts);
    /// nil once any user exists.
    public func setupLink(publicURL: String) async throws -> String? {
        guard try await isNeeded() else { return nil }
        let now = clock.now()
        let token = pending.withLock { pending in
            if let current = pending, current.expiresAt > now { return current.token }
            let token = SecureRandom.bytes(count: 32).hexString
            pending = Pending(token: token, expiresAt: now.addingTimeInterval(lifetime))
            return token
        }
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        return "\(base)\(Self.path)?token=\(token)"
    }

    /// Whether `token` is the current, unexpired, unused setup token (compared in constant time).
    public func isValid(token: String) -> Bool {
        let now = clock.now()
        return pending.withLock { pending in
            guard let current = pending, !current.inUse, current.expiresAt > now else { return false }
            return constantTimeEquals(Array(token.utf8), Array(current.token.utf8))
        }
    }

    /// Creates the first administrator with the setup token, and uses the token up.
    /// - Throws: `AuthError` `.setupUnavailable` when the token is wrong, expired or used, or users already exist;
    ///   `.invalidArgument` or `.weakPassword` for a bad username, email or password (the token stays valid);
    ///   `StoreError` when the store fails.
    public func createFirstAdmin(
        token: String, username: String, password: String, email: String = ""
    )
        async throws -> User
    {
        guard isValid(token: token) else { throw Self.unavailable }
        try UserAccounts.checkUsername(username)
        try UserAccounts.checkEmail(email)
        try accounts.policy.check(password)
        let now = clock.now()
        let claimed = pending.withLock { pending -> Bool in
            guard let current = pending, !current.inUse, current.expiresAt > now,
                constantTimeEquals(Array(token.utf8), Array(current.token.utf8))
            else { return false }
            pending?.inUse = true
            return true
        }
        guard claimed else { throw Self.unavailable }
        do {
            guard try await isNeeded() else { throw Self.unavailable }
            let user = try await accounts.createUser(
                username: username, password: password, role: .admin, email: email)
            pending.withLock { $0 = nil }
            return user
        } catch {
            pending.withLock { $0?.inUse = false }
            throw error
        }
    }

    private static let unavailable = AuthError(
        code: .setupUnavailable,
        message: "this setup link is not valid: it expired, was used, or an administrator already exists")
}
