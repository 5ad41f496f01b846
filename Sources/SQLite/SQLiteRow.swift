import CSQLite

/// One result row: its values in column order, read by position or by name as typed Swift values.
public struct SQLiteRow: Sendable, Hashable {
    /// The result columns' names.
    public let columnNames: [String]
    /// The values, in column order.
    public let values: [SQLiteValue]
    /// The query the row came from, for error messages.
    let sql: String

    /// The value of column `index` (from 0), or NULL when there is no such column.
    public subscript(index: Int) -> SQLiteValue {
        values.indices.contains(index) ? values[index] : .null
    }

    /// Column `index` as a `T`.
    /// - Throws: `SQLiteError` (`SQLITE_MISMATCH`) when there is no such column or its value does not fit `T`,
    ///   such as NULL for a non-optional type.
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw SQLiteError(
                resultCode: SQLITE_RANGE, message: "the row has no column \(index) (it has \(values.count))", sql: sql)
        }
        guard let value = T(sqliteValue: values[index]) else {
            throw SQLiteError(
                resultCode: SQLITE_MISMATCH,
                message: "column '\(columnNames[index])' holds \(values[index].typeName), not \(T.self)", sql: sql)
        }
        return value
    }

    /// The column named `name` as a `T`.
    /// - Throws: `SQLiteError` when there is no such column or its value does not fit `T`.
    public func get<T: SQLiteValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columnNames.firstIndex(of: name) else {
            throw SQLiteError(resultCode: SQLITE_RANGE, message: "the row has no column named '\(name)'", sql: sql)
        }
        return try get(index, as: type)
    }
}
