import Auth
import Foundation
import SQLite
import Store
import Synchronization
import TestSupport

/// A clock that stands still until a test moves it.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var wallClock: WallClock { WallClock { self.now } }
}

/// A real SQLite store in a temporary directory, a manual clock, and the auth services over them.
struct AuthFixture {
    /// Few iterations, so that tests do not spend seconds hashing.
    static let hasher = PasswordHasher(iterations: 1_000)

    let directory: TemporaryDirectory
    let store: SQLiteStore
    let clock = ManualClock()

    init() async throws {
        directory = try TemporaryDirectory(prefix: "swiftpod-auth")
        store = try await SQLiteStore.open(path: "\(directory.path)/swiftpod.db")
    }

    var accounts: UserAccounts { UserAccounts(store: store, hasher: Self.hasher, clock: clock.wallClock) }
    var accessTokens: AccessTokens { AccessTokens(store: store, clock: clock.wallClock) }
    var sessions: Sessions { Sessions(store: store, clock: clock.wallClock) }

    func authenticator(secure: Bool = false) -> Authenticator {
        Authenticator(accessTokens: accessTokens, sessions: sessions, cookie: SessionCookie(secure: secure))
    }

    /// Creates a user with the password "correct horse".
    @discardableResult
    func makeUser(_ username: String = "ada", role: User.Role = .member) async throws -> User {
        try await accounts.createUser(username: username, password: "correct horse", role: role)
    }

    func block(_ user: User) async throws {
        var blocked = user
        blocked.blocked = true
        try await store.updateUser(blocked)
    }

    /// Every text value in every row of `table`, read straight from the database file.
    func textValues(in table: String) throws -> [String] {
        let connection = try SQLiteConnection(path: store.path, options: .init(readOnly: true))
        defer { connection.close() }
        return try connection.query("SELECT * FROM \(table)").flatMap { row in
            row.values.compactMap { value -> String? in
                if case .text(let text) = value { return text }
                return nil
            }
        }
    }
}

/// The `AuthError` that `body` throws, or nil when it throws nothing or something else.
func authError(_ body: () async throws -> Void) async -> AuthError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? AuthError
    }
}

/// The `StoreError` that `body` throws, or nil when it throws nothing or something else.
func storeError(_ body: () async throws -> Void) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? StoreError
    }
}
