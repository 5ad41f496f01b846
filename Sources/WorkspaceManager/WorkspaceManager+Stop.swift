import Content
import Foundation
import Store

extension WorkspaceManager {
    /// Stops a running (or starting, when no start of this manager drives it) workspace and returns its instance,
    /// `stopped`: the supervisor gives its tasks their grace period, the content is backed up and verified and the
    /// backup recorded, and only then is the container removed and the live directory kept for the next start
    /// (`KeptFilesPolicy`) or removed.
    /// - Throws: `.invalidState` when the workspace is not live or another operation runs on it; a failed backup,
    ///   after the instance is marked `failed` with the reason (its files stay in the live directory).
    @discardableResult
    public func stop(workspaceID: String) async throws -> WorkspaceInstance {
        try claim(workspaceID, for: .stopping)
        defer { release(workspaceID) }
        guard let instance = try await store.currentInstance(workspaceID: workspaceID), !instance.phase.isFinal else {
            throw WorkspaceManagerError(code: .invalidState, message: "workspace \(workspaceID) is not running")
        }
        return try await shutDown(instance, ending: .stopped, reason: nil, stopReason: .regular)
    }

    /// Deletes a workspace: stops it when it runs, then deletes its backups and marks it deleted.
    /// - Throws: `.invalidState` while another operation (a start, or a stop writing its backup) runs on it.
    public func delete(workspaceID: String) async throws {
        if let running = busy[workspaceID] {
            throw WorkspaceManagerError(
                code: .invalidState,
                message: "workspace \(workspaceID) cannot be deleted while it is \(running.rawValue)"
                    + (running == .stopping ? " (its backup is being written)" : ""))
        }
        if let instance = try await store.currentInstance(workspaceID: workspaceID), !instance.phase.isFinal {
            try await stop(workspaceID: workspaceID)
        }
        try claim(workspaceID, for: .deleting)
        defer { release(workspaceID) }
        for manifest in try await contentStore.backups(workspaceID: workspaceID) {
            try await contentStore.deleteBackup(manifest)
        }
        for backup in try await store.backups(workspaceID: workspaceID) {
            if backup.state != .deleted { try await store.updateBackupState(id: backup.id, to: .deleted) }
            try await store.deleteBackupRecord(id: backup.id)
        }
        let directory = self.directory(workspaceID: workspaceID)
        try await directory.removeContent()
        try await directory.removeRun()
        try await store.markWorkspaceDeleted(id: workspaceID, at: now())
        logger.info("workspace \(workspaceID) is deleted", ["workspace.id": workspaceID])
    }

    /// Takes a live instance down to `ending` (`stopped`, or `failed` with `reason`): through `stopping`, the
    /// container stopped, the content backed up, then the container removed and the live directory kept or removed
    /// (`retireContent`). When the backup fails, the instance ends `failed` with that reason and its files stay where
    /// they are. The stop is counted under `stopReason`, or as `failed` when its backup fails.
    func shutDown(
        _ instance: WorkspaceInstance, ending: InstancePhase, reason: String?, stopReason: WorkspaceMetrics.StopReason
    ) async throws -> WorkspaceInstance {
        var instance = instance
        if instance.phase != .stopping {
            try await move(&instance, to: .stopping)
        }
        let directory = self.directory(workspaceID: instance.workspaceID)
        let containerID = try await containerID(of: instance)
        if let containerID {
            do {
                try await runtime.stopContainer(id: containerID)
            } catch {
                logger.warning("stopping container \(containerID) failed, killing it: \(error)")
                try? await runtime.removeContainer(id: containerID)
            }
        }
        await closeChannel(workspaceID: instance.workspaceID)
        var backupID: String?
        // Kept files that this instance never took into use (its start ended first) are still its last backup's.
        let stillKept = directory.keptContent != nil
        if !stillKept && directory.hasCompleteContent {
            do {
                backupID = try await backUpContent(
                    workspaceID: instance.workspaceID, directory: directory, hostIDOffset: instance.hostIDOffset)
            } catch {
                let failure =
                    "backing up workspace \(instance.workspaceID) failed, so its files are kept at "
                    + "\(directory.content): \(error)"
                if let containerID { try? await runtime.removeContainer(id: containerID) }
                await markFailed(&instance, reason: reason.map { "\($0); \(failure)" } ?? failure)
                metrics.stopped(.failed)
                throw WorkspaceManagerError(code: .backupFailed, message: failure, underlying: error)
            }
        }
        if let containerID { try await runtime.removeContainer(id: containerID) }
        if let backupID {
            try await retireContent(directory, backupID: backupID, hostIDOffset: instance.hostIDOffset)
        } else if !stillKept {
            try await directory.removeContent()
        }
        try await directory.removeRun()
        try await move(&instance, to: ending, failureReason: ending == .failed ? reason : nil)
        metrics.stopped(stopReason)
        return instance
    }

    /// The instance's container: the one recorded, or one labelled with its ID (created before it was recorded).
    func containerID(of instance: WorkspaceInstance) async throws -> String? {
        if let id = instance.containerID, try await runtime.container(id: id) != nil { return id }
        return try await runtime.containers().first { $0.instanceID == instance.id }?.id
    }

    /// Backs up the content directory of `workspaceID` with the id shift of `hostIDOffset`, and records the
    /// verified backup in the store; backups the content store has pruned are marked deleted there.
    /// - Returns: the new backup's ID.
    @discardableResult
    func backUpContent(workspaceID: String, directory: WorkspaceDirectory, hostIDOffset: Int?) async throws -> String {
        metrics.backupBegan()
        let started = ContinuousClock.now
        let manifest: BackupManifest
        let report: BackupReport
        do {
            (manifest, report) = try await contentStore.createBackup(
                of: directory.content, workspaceID: workspaceID,
                idShift: hostIDOffset.map { IDShift(offset: Int64($0)) })
        } catch {
            metrics.backupFailed()
            throw error
        }
        try await store.createBackup(
            Backup(
                id: manifest.id, workspaceID: workspaceID, path: report.path, sha256: manifest.sha256,
                size: manifest.size, createdAt: manifest.createdAt, state: .verified))
        logger.info(
            "backed up workspace \(workspaceID): \(manifest.entries) entries, \(manifest.size) bytes, in "
                + "\(ContinuousClock.now - started)",
            ["workspace.id": workspaceID, "backup.id": manifest.id])
        for note in report.notes { logger.notice("backup of \(workspaceID): \(note)") }
        let kept = Set(try await contentStore.backups(workspaceID: workspaceID).map(\.id))
        for backup in try await store.backups(workspaceID: workspaceID)
        where backup.state == .verified && !kept.contains(backup.id) {
            try await store.updateBackupState(id: backup.id, to: .deleted)
        }
        return manifest.id
    }
}
