import Dispatch
import Foundation
import SQLite

/// The `Store` on an SQLite database file: the embedded default.
///
/// SQLite calls block, so the store's one connection lives on a serial dispatch queue of its own: every call runs
/// there and resumes its caller when done, so neither the event-loop threads nor Swift's concurrency pool ever wait
/// on the disk, and writes are serialized. Each write is one `BEGIN IMMEDIATE` transaction. Other processes may open
/// the same file: WAL mode and the busy timeout make them wait for each other rather than fail.
public final class SQLiteStore: Store, @unchecked Sendable {
    // Unchecked Sendable: `connection` is only ever touched on `queue`.

    /// The database file.
    public let path: String
    private let queue: DispatchQueue
    private var connection: SQLiteConnection?

    private init(path: String) {
        self.path = path
        self.queue = DispatchQueue(label: "swiftpod.store.sqlite")
    }

    /// Opens (creating it when missing) the database at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - path: The database file, or `:memory:` for a private in-memory database.
    ///   - busyTimeout: How long a write waits for another process's lock before failing.
    /// - Throws: `StoreError` `.schemaTooNew` for a database written by a newer Swiftpod, `.databaseFailure` when
    ///   the file cannot be opened or migrated.
    public static func open(path: String, busyTimeout: Duration = .seconds(10)) async throws -> SQLiteStore {
        try await open(path: path, busyTimeout: busyTimeout, migrateUpTo: nil)
    }

    /// Opens the database and applies migrations up to `target` only (for tests of migrations).
    static func open(
        path: String, busyTimeout: Duration = .seconds(10), migrateUpTo target: Int?
    ) async throws
        -> SQLiteStore
    {
        let store = SQLiteStore(path: path)
        try await store.onQueue {
            do {
                let connection = try SQLiteConnection(
                    path: path, options: SQLiteConnection.Options(busyTimeout: busyTimeout))
                try Migrator.migrate(connection, upTo: target)
                store.connection = connection
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(
                    code: .databaseFailure, message: "cannot open the database at '\(path)'", underlying: error)
            }
        }
        return store
    }

    public func close() async {
        _ = try? await onQueue { [self] in
            connection?.close()
            connection = nil
        }
    }

    /// Runs `body` with the connection on the store's queue, in a transaction of `transaction`'s kind when given
    /// (`.immediate` for writes of several statements, `.deferred` for reads that must see one state).
    /// Errors other than `StoreError` become `.databaseFailure` errors saying the store could not `action`.
    @discardableResult
    func perform<Result: Sendable>(
        _ action: String, transaction: SQLiteTransactionKind? = nil,
        _ body: @escaping @Sendable (SQLiteConnection) throws -> Result
    ) async throws -> Result {
        try await onQueue { [self] in
            guard let connection else {
                throw StoreError(code: .closed, message: "cannot \(action): the store at '\(path)' is closed")
            }
            do {
                guard let transaction else { return try body(connection) }
                return try connection.transaction(transaction) { try body(connection) }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(code: .databaseFailure, message: "cannot \(action) in '\(path)'", underlying: error)
            }
        }
    }

    private func onQueue<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Swift.Result { try body() })
            }
        }
    }
}
