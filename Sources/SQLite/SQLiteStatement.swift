import CSQLite

/// A compiled statement of one connection: bind parameters, step through rows, read columns. Finalized when released.
public final class SQLiteStatement {
    /// The statement's SQL text.
    public let sql: String
    /// The connection, kept alive while the statement is.
    private let connection: SQLiteConnection
    private let handle: OpaquePointer
    private let databaseHandle: OpaquePointer
    /// The result columns' names, in order.
    public let columnNames: [String]

    init(connection: SQLiteConnection, handle databaseHandle: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let (result, rest) = sql.withCString { text -> (Int32, String) in
            let result = sqlite3_prepare_v2(databaseHandle, text, -1, &statement, &tail)
            return (result, tail.map { String(cString: $0) } ?? "")
        }
        guard result == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw SQLiteError.failure(result, on: databaseHandle, sql: sql)
        }
        guard let statement else {
            throw SQLiteError(resultCode: SQLITE_MISUSE, message: "the SQL holds no statement", sql: sql)
        }
        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            sqlite3_finalize(statement)
            throw SQLiteError(
                resultCode: SQLITE_MISUSE, message: "the SQL holds more than one statement; use executeScript", sql: sql
            )
        }
        self.sql = sql
        self.connection = connection
        self.handle = statement
        self.databaseHandle = databaseHandle
        self.columnNames = (0..<sqlite3_column_count(statement)).map {
            String(cString: sqlite3_column_name(statement, $0))
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// How many parameters (`?`, `?N`, `:name`) the statement has.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds `values` to the parameters in order, replacing earlier bindings.
    /// - Throws: `SQLiteError` when the number of values is not the number of parameters.
    public func bind(_ values: [any SQLiteValueConvertible]) throws {
        guard values.count == parameterCount else {
            throw SQLiteError(
                resultCode: SQLITE_RANGE,
                message: "the statement has \(parameterCount) parameters but \(values.count) values were bound",
                sql: sql)
        }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value.sqliteValue, at: offset + 1)
        }
    }

    /// Binds `value` to the parameter at `index` (counted from 1, as in SQLite).
    public func bind(_ value: SQLiteValue, at index: Int) throws {
        let position = Int32(index)
        let result: Int32
        switch value {
        case .integer(let integer):
            result = sqlite3_bind_int64(handle, position, integer)
        case .real(let real):
            result = sqlite3_bind_double(handle, position, real)
        case .text(let text):
            // Bound with its byte count, so text holding NUL characters is kept whole.
            var text = text
            result = text.withUTF8 { bytes -> Int32 in
                guard let base = bytes.baseAddress else {
                    return sqlite3_bind_text(handle, position, "", 0, csqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text64(
                        handle, position, $0, sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            // An empty blob is bound as a zero-length blob, not NULL (a nil pointer would read back as NULL).
            result = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map {
                    sqlite3_bind_blob64(handle, position, $0, sqlite3_uint64(buffer.count), csqlite_transient())
                } ?? sqlite3_bind_zeroblob(handle, position, 0)
            }
        case .null:
            result = sqlite3_bind_null(handle, position)
        }
        guard result == SQLITE_OK else { throw SQLiteError.failure(result, on: databaseHandle, sql: sql) }
    }

    /// Runs the statement to its next row: true when a row is ready to read, false when it has finished.
    /// - Throws: `SQLiteError` naming the SQL, such as a constraint violation.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let result:
            let error = SQLiteError.failure(result, on: databaseHandle, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// The value of column `index` (from 0) of the current row.
    public func value(at index: Int) -> SQLiteValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The current row, with all its columns.
    public func row() -> SQLiteRow {
        SQLiteRow(columnNames: columnNames, values: (0..<columnNames.count).map { value(at: $0) }, sql: sql)
    }
}
