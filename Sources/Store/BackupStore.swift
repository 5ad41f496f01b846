/// Records of workspace backups.
public protocol BackupStore: Sendable {
    /// Adds a backup record.
    /// - Throws: `.conflict` when its ID is taken, `.notFound` when its workspace does not exist.
    func createBackup(_ backup: Backup) async throws
    /// The backup with `id`.
    /// - Throws: `.notFound` when there is none.
    func backup(id: String) async throws -> Backup
    /// A workspace's backups in every state, newest first.
    func backups(workspaceID: String) async throws -> [Backup]
    /// The newest verified backup of a workspace: what a restart restores.
    func latestVerifiedBackup(workspaceID: String) async throws -> Backup?
    /// Moves a backup to `state` (`verified` once checked, `deleted` once its file is removed).
    /// - Throws: `.notFound` when there is none.
    func updateBackupState(id: String, to state: Backup.State) async throws
    /// Removes a backup's record, which must already be `deleted` (its file gone).
    /// - Throws: `.notFound`, or `.conflict` when the backup is not marked deleted.
    func deleteBackupRecord(id: String) async throws
}
