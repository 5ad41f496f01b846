/// Where workspace backups are kept: local disk now, an S3-compatible store later.
///
/// A backup counts once it is written, verified and has its manifest; until then, and after any crash, the previous
/// backups stay as they were. Each workspace keeps its latest few backups.
public protocol ContentStore: Sendable {
    /// Backs up the directory `directory` as a new backup of `workspaceID`, verifies it, and only then prunes the
    /// oldest backups beyond the retention.
    /// - Parameters:
    ///   - directory: the workspace's content directory on the host.
    ///   - workspaceID: the workspace it belongs to.
    ///   - idShift: the container's id mapping, so the archive records container ids; nil to keep host ids.
    /// - Returns: the new backup's manifest, and the writer's report (notes on what was skipped).
    func createBackup(
        of directory: String, workspaceID: String, idShift: IDShift?
    ) async throws
        -> (BackupManifest, BackupReport)

    /// The workspace's backups, newest first.
    func backups(workspaceID: String) async throws -> [BackupManifest]

    /// The workspace's newest backup, or nil when it has none.
    func latestBackup(workspaceID: String) async throws -> BackupManifest?

    /// Restores `backup` as the directory `target` (which must not exist, or be empty).
    /// - Parameters:
    ///   - backup: a manifest returned by this store.
    ///   - target: the content directory to create.
    ///   - idShift: the new container's id mapping; nil to restore ids as recorded.
    ///   - limits: how much the restore may create.
    func restoreBackup(
        _ backup: BackupManifest, into target: String, idShift: IDShift?, limits: RestoreLimits
    )
        async throws -> RestoreReport

    /// Opens the archive of `backup` for reading, to copy it elsewhere.
    func openBackup(_ backup: BackupManifest) async throws -> BackupStream

    /// Deletes a backup: its manifest first (it stops counting), then its archive.
    func deleteBackup(_ backup: BackupManifest) async throws
}

/// The bytes of a backup archive, read in order.
public protocol BackupStream: Sendable {
    /// The next bytes, at most `maxLength`; empty at the end.
    func read(maxLength: Int) async throws -> [UInt8]
    /// Releases the stream; reading after this fails.
    func close() async
}
