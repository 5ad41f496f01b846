import Foundation
import SQLite

extension SQLiteStore: BackupStore {
    private static let backupColumns = "id, workspace_id, path, sha256, size, created_at, state"

    public func createBackup(_ backup: Backup) async throws {
        try await perform("create backup '\(backup.id)'") { connection in
            try connection.change(
                "INSERT INTO backups (\(Self.backupColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    backup.id, backup.workspaceID, backup.path, backup.sha256, backup.size,
                    backup.createdAt.unixMilliseconds, backup.state.rawValue,
                ],
                conflicts: ["backups.id": "a backup with id '\(backup.id)' already exists"],
                foreignKey: .notFound("workspace", id: backup.workspaceID))
        }
    }

    public func backup(id: String) async throws -> Backup {
        let backup = try await perform("read backup '\(id)'") { connection in
            try connection.queryFirst("SELECT \(Self.backupColumns) FROM backups WHERE id = ?", [id]).map(Self.backup)
        }
        guard let backup else { throw StoreError.notFound("backup", id: id) }
        return backup
    }

    public func backups(workspaceID: String) async throws -> [Backup] {
        try await perform("list the backups of workspace '\(workspaceID)'") { connection in
            try connection.query(
                "SELECT \(Self.backupColumns) FROM backups WHERE workspace_id = ? ORDER BY created_at DESC, rowid DESC",
                [workspaceID]
            ).map(Self.backup)
        }
    }

    public func latestVerifiedBackup(workspaceID: String) async throws -> Backup? {
        try await perform("find the latest backup of workspace '\(workspaceID)'") { connection in
            try connection.queryFirst(
                """
                SELECT \(Self.backupColumns) FROM backups WHERE workspace_id = ? AND state = 'verified'
                ORDER BY created_at DESC, rowid DESC LIMIT 1
                """,
                [workspaceID]
            ).map(Self.backup)
        }
    }

    public func updateBackupState(id: String, to state: Backup.State) async throws {
        try await perform("mark backup '\(id)' \(state.rawValue)") { connection in
            try connection.changeOne(
                "UPDATE backups SET state = ? WHERE id = ?", [state.rawValue, id],
                notFound: .notFound("backup", id: id))
        }
    }

    public func deleteBackupRecord(id: String) async throws {
        try await perform("delete the record of backup '\(id)'", transaction: .immediate) { connection in
            guard let row = try connection.queryFirst("SELECT state FROM backups WHERE id = ?", [id]) else {
                throw StoreError.notFound("backup", id: id)
            }
            let state: Backup.State = try row.enumeration("state")
            guard state == .deleted else {
                throw StoreError(
                    code: .conflict,
                    message:
                        "backup '\(id)' is \(state.rawValue), not deleted: remove its file and mark it deleted first")
            }
            try connection.change("DELETE FROM backups WHERE id = ?", [id])
        }
    }

    private static func backup(_ row: SQLiteRow) throws -> Backup {
        Backup(
            id: try row.value("id"), workspaceID: try row.value("workspace_id"), path: try row.value("path"),
            sha256: try row.value("sha256"), size: try row.value("size"), createdAt: try row.date("created_at"),
            state: try row.enumeration("state"))
    }
}
