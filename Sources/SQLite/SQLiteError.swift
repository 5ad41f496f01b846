import CSQLite

/// A failed SQLite call: its extended result code, SQLite's message, and the SQL at fault.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (such as `SQLITE_CONSTRAINT_UNIQUE`); its low byte is the primary code.
    public let resultCode: Int32
    /// SQLite's own message for the failure (`sqlite3_errmsg`), or what the wrapper observed.
    public let message: String
    /// The statement that failed, when the failure belongs to one.
    public let sql: String?

    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (such as `SQLITE_CONSTRAINT`).
    public var primaryResultCode: Int32 { resultCode & 0xFF }

    // Extended codes are macros Swift cannot import (`SQLITE_CONSTRAINT | (8<<8)`).
    static let constraintForeignKey = SQLITE_CONSTRAINT | 3 << 8
    static let constraintPrimaryKey = SQLITE_CONSTRAINT | 6 << 8
    static let constraintUnique = SQLITE_CONSTRAINT | 8 << 8

    /// A UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        resultCode == Self.constraintUnique || resultCode == Self.constraintPrimaryKey
    }

    /// A FOREIGN KEY constraint failed: a referenced row is missing, or a referencing row remains.
    /// (`ON DELETE RESTRICT` reports itself as `SQLITE_CONSTRAINT_TRIGGER`, with the foreign-key message.)
    public var isForeignKeyViolation: Bool {
        resultCode == Self.constraintForeignKey
            || (primaryResultCode == SQLITE_CONSTRAINT && message.hasPrefix("FOREIGN KEY constraint failed"))
    }

    /// The database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { primaryResultCode == SQLITE_BUSY || primaryResultCode == SQLITE_LOCKED }

    /// SQLite's English name for the result code, such as "constraint failed".
    public var resultDescription: String { String(cString: sqlite3_errstr(resultCode)) }

    public var description: String {
        var text = "SQLite error \(resultCode) (\(resultDescription)): \(message)"
        if let sql { text += " in SQL: \(sql)" }
        return text
    }

    /// The error of the last failed call on `handle`.
    static func last(on handle: OpaquePointer?, sql: String?) -> SQLiteError {
        guard let handle else { return SQLiteError(resultCode: SQLITE_NOMEM, message: "out of memory", sql: sql) }
        return SQLiteError(
            resultCode: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

extension SQLiteError {
    /// The error for `result`, returned by a call on `handle`, with SQLite's message and extended code when they
    /// belong to the same failure.
    static func failure(_ result: Int32, on handle: OpaquePointer?, sql: String?) -> SQLiteError {
        let last = SQLiteError.last(on: handle, sql: sql)
        guard last.primaryResultCode == result & 0xFF else {
            return SQLiteError(resultCode: result, message: String(cString: sqlite3_errstr(result)), sql: sql)
        }
        return last
    }
}
