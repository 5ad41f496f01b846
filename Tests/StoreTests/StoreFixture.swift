import Foundation
import Store
import TestSupport

/// A fresh database file in a temporary directory, opened as an `SQLiteStore`.
struct StoreFixture {
    let directory: TemporaryDirectory
    let store: SQLiteStore
    var path: String { store.path }

    init() async throws {
        directory = try TemporaryDirectory(prefix: "swiftpod-store")
        store = try await SQLiteStore.open(path: "\(directory.path)/swiftpod.db")
    }
}

/// A path for a database file in a temporary directory, for tests that build the file themselves.
struct DatabaseFile {
    let directory: TemporaryDirectory
    var path: String { "\(directory.path)/swiftpod.db" }

    init() throws {
        directory = try TemporaryDirectory(prefix: "swiftpod-store")
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

/// Records to store, with times on whole milliseconds as the store keeps them.
enum Sample {
    static let time = Date(timeIntervalSince1970: 1_700_000_000.123)

    static func at(_ seconds: Double) -> Date { time.addingTimeInterval(seconds) }

    static func user(_ id: String = "u1", username: String = "ada") -> User {
        User(
            id: id, username: username, displayName: "Ada Lovelace", email: "\(username)@example.com", role: .member,
            passwordHash: "$argon2id$hash", createdAt: time)
    }

    static func workspace(_ id: String = "w1", ownerID: String = "u1", at seconds: Double = 0) -> Workspace {
        Workspace(
            id: id, ownerID: ownerID, contextURL: "https://github.com/swiftpod/demo/tree/main",
            cloneURL: "https://github.com/swiftpod/demo.git", ref: "main", refType: .branch,
            commit: "0123456789abcdef0123456789abcdef01234567", configuration: #"{"tasks":[]}"#,
            environmentVariables: #"{"DEBUG":"1"}"#, createdAt: at(seconds))
    }

    static func instance(_ id: String = "i1", workspaceID: String = "w1", at seconds: Double = 0) -> WorkspaceInstance {
        WorkspaceInstance(id: id, workspaceID: workspaceID, createdAt: at(seconds))
    }

    static func backup(_ id: String = "b1", workspaceID: String = "w1", at seconds: Double = 0) -> Backup {
        Backup(
            id: id, workspaceID: workspaceID, path: "content/backups/\(id).tar.zst",
            sha256: String(repeating: "ab", count: 32),
            size: 123_456_789_012, createdAt: at(seconds))
    }
}
