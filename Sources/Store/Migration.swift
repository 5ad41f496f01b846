import Foundation
import SQLite

/// One step of the schema: applied once, in order, inside a transaction, and recorded in `schema_migrations`.
struct Migration: Sendable {
    /// The schema version the step produces; versions count up from 1 with no gaps.
    let version: Int
    /// What the step does, for the record.
    let name: String
    /// The statements.
    let sql: String
}

/// Brings a database's schema up to date.
enum Migrator {
    /// The version of the schema in `connection`'s database: 0 for an empty one.
    static func currentVersion(_ connection: SQLiteConnection) throws -> Int {
        try ensureMigrationsTable(connection)
        return try connection.queryFirst("SELECT coalesce(max(version), 0) FROM schema_migrations")?.get(0) ?? 0
    }

    /// Applies the steps of `migrations` the database lacks, up to `target` (the last step when nil), each in its
    /// own transaction.
    /// - Throws: `StoreError` `.schemaTooNew` when the database is at a version newer than the last step;
    ///   `.databaseFailure` naming the step that failed (it is rolled back, and the earlier ones stay).
    static func migrate(
        _ connection: SQLiteConnection, migrations: [Migration] = Schema.migrations, upTo target: Int? = nil,
        now: Date = Date()
    ) throws {
        let latest = migrations.last?.version ?? 0
        let target = target ?? latest
        let version = try currentVersion(connection)
        guard version <= latest else {
            throw StoreError(
                code: .schemaTooNew,
                message: "the database at '\(connection.path)' has schema version \(version), but this Swiftpod knows"
                    + " versions up to \(latest) only: run a newer Swiftpod, or restore a backup of the database")
        }
        for migration in migrations where migration.version > version && migration.version <= target {
            do {
                try connection.transaction {
                    // Another process may have migrated since the version was read: check again under the lock.
                    guard try currentVersion(connection) < migration.version else { return }
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        [migration.version, migration.name, now.unixMilliseconds])
                }
            } catch {
                throw StoreError(
                    code: .databaseFailure,
                    message: "cannot migrate '\(connection.path)' to version \(migration.version) (\(migration.name))",
                    underlying: error)
            }
        }
    }

    private static func ensureMigrationsTable(_ connection: SQLiteConnection) throws {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT
            """)
    }
}
