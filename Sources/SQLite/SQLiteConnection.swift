import CSQLite

/// One connection to an SQLite database: the only owner of its handle, closed when released.
///
/// A connection is deliberately not `Sendable`: SQLite calls block, so a connection belongs to one thread or serial
/// queue at a time, and whoever owns it decides which (the `Store` runs its connection on a queue of its own).
/// Opening sets the pragmas every Swiftpod database uses: write-ahead logging, a busy timeout, enforced foreign keys
/// and `synchronous=NORMAL` (durable across a crash of the process; WAL keeps the database consistent on power loss).
public final class SQLiteConnection {
    /// How to open a database.
    public struct Options: Sendable {
        /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
        public var busyTimeout: Duration
        /// Open read-only; the file must exist.
        public var readOnly: Bool

        public init(busyTimeout: Duration = .seconds(10), readOnly: Bool = false) {
            self.busyTimeout = busyTimeout
            self.readOnly = readOnly
        }
    }

    /// The path the connection was opened with (`:memory:` for a private in-memory database).
    public let path: String
    /// The handle, nil once closed.
    private var handle: OpaquePointer?

    /// Opens (creating it when missing, unless read-only) the database at `path`; `:memory:` opens a private
    /// in-memory database.
    /// - Throws: `SQLiteError` when the file cannot be opened or is not a database.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        var handle: OpaquePointer?
        let flags =
            (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            let error = SQLiteError.failure(result, on: handle, sql: nil)
            sqlite3_close_v2(handle)
            throw SQLiteError(resultCode: error.resultCode, message: "cannot open '\(path)': \(error.message)")
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds =
            options.busyTimeout.components.seconds * 1000
            + options.busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        // A file that is not a database fails here, on the first read, rather than later.
        if !options.readOnly {
            let mode = try queryFirst("PRAGMA journal_mode = WAL")?.get(0, as: String.self)
            // In-memory databases keep their own journal; a file that cannot use WAL says so here.
            guard mode == "wal" || mode == "memory" else {
                throw SQLiteError(
                    resultCode: SQLITE_ERROR,
                    message: "cannot use write-ahead logging for '\(path)' (journal mode \(mode ?? "unknown"))")
            }
        }
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = NORMAL")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Closes the connection now; later calls fail with `SQLITE_MISUSE`. Statements still alive keep the handle
    /// until they are released.
    public func close() {
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// Whether the connection is still open.
    public var isOpen: Bool { handle != nil }

    /// The open handle, for the statements of this connection.
    func openHandle(sql: String?) throws -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(resultCode: SQLITE_MISUSE, message: "the connection to '\(path)' is closed", sql: sql)
        }
        return handle
    }

    /// Compiles one SQL statement.
    /// - Throws: `SQLiteError` naming the SQL when it does not compile, or when `sql` holds more than one statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: self, handle: openHandle(sql: sql), sql: sql)
    }

    /// Runs one statement with `bindings` for its parameters and returns how many rows it changed (for INSERT,
    /// UPDATE and DELETE; other statements leave the count of the last of those).
    @discardableResult
    public func execute(_ sql: String, _ bindings: [any SQLiteValueConvertible] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        while try statement.step() {}
        return changes
    }

    /// Runs any number of statements separated by semicolons, without parameters (a migration step or a script).
    public func executeScript(_ sql: String) throws {
        let handle = try openHandle(sql: sql)
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard result == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(result))
            throw SQLiteError(resultCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one query with `bindings` for its parameters and returns all its rows.
    public func query(_ sql: String, _ bindings: [any SQLiteValueConvertible] = []) throws -> [SQLiteRow] {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        var rows: [SQLiteRow] = []
        while try statement.step() {
            rows.append(statement.row())
        }
        return rows
    }

    /// Runs one query and returns its first row, or nil when it has none.
    public func queryFirst(_ sql: String, _ bindings: [any SQLiteValueConvertible] = []) throws -> SQLiteRow? {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        return try statement.step() ? statement.row() : nil
    }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes64(handle))
    }

    /// The rowid of the last successful INSERT.
    public var lastInsertRowID: Int64 {
        guard let handle else { return 0 }
        return sqlite3_last_insert_rowid(handle)
    }

    /// Whether a transaction is open (SQLite is not in autocommit mode).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }
}
