import Foundation
import SQLite

extension Date {
    /// The date as whole milliseconds since 1970, as the store keeps times.
    var unixMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite else { return milliseconds < 0 ? .min : .max }
        return Int64(max(-9.2e18, min(9.2e18, milliseconds)))
    }

    init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
    }
}

extension Optional<Date> {
    var unixMilliseconds: Int64? { self?.unixMilliseconds }
}

extension SQLiteConnection {
    /// Runs a statement that changes rows and returns how many it changed, turning constraint violations into
    /// `StoreError`s a caller can act on.
    /// - Parameters:
    ///   - conflicts: For a UNIQUE violation, the message of the first entry whose column (`table.column`, as SQLite
    ///     names it) is in SQLite's message; the last entry's message when none is.
    ///   - foreignKey: The error for a FOREIGN KEY violation (a referenced row missing, or a referencing row left).
    @discardableResult
    func change(
        _ sql: String, _ bindings: [any SQLiteValueConvertible], conflicts: KeyValuePairs<String, String> = [:],
        foreignKey: StoreError? = nil
    ) throws -> Int {
        do {
            return try execute(sql, bindings)
        } catch let error as SQLiteError where error.isUniqueViolation && !conflicts.isEmpty {
            let message =
                conflicts.first { error.message.contains($0.key) }?.value ?? conflicts[conflicts.count - 1].value
            throw StoreError(code: .conflict, message: message, underlying: error)
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            guard let foreignKey else { throw error }
            throw StoreError(code: foreignKey.code, message: foreignKey.message, underlying: error)
        }
    }

    /// Runs a statement that changes one row by its ID, and throws `.notFound` (with `notFound`) when it changed none.
    func changeOne(
        _ sql: String, _ bindings: [any SQLiteValueConvertible], notFound: StoreError,
        conflicts: KeyValuePairs<String, String> = [:], foreignKey: StoreError? = nil
    ) throws {
        guard try change(sql, bindings, conflicts: conflicts, foreignKey: foreignKey) > 0 else { throw notFound }
    }
}

extension SQLiteRow {
    /// The column `name` as a `T`; a value that does not fit is corrupt data.
    func value<T: SQLiteValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        do {
            return try get(name, as: type)
        } catch {
            throw StoreError(code: .corruptData, message: "cannot read column '\(name)'", underlying: error)
        }
    }

    func date(_ name: String) throws -> Date {
        Date(unixMilliseconds: try value(name, as: Int64.self))
    }

    func optionalDate(_ name: String) throws -> Date? {
        try value(name, as: Int64?.self).map { Date(unixMilliseconds: $0) }
    }

    /// The column `name` as one of an enumeration's raw values.
    func enumeration<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws -> T
    where T.RawValue == String {
        let text = try value(name, as: String.self)
        guard let value = T(rawValue: text) else {
            throw StoreError(code: .corruptData, message: "column '\(name)' holds '\(text)', which is not a \(T.self)")
        }
        return value
    }

    func optionalEnumeration<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws -> T?
    where T.RawValue == String {
        guard case .text = self[columnNames.firstIndex(of: name) ?? -1] else {
            _ = try value(name, as: String?.self)
            return nil
        }
        return try enumeration(name, as: type)
    }
}
