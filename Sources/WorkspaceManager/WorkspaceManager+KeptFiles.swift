import Foundation
import Glibc

extension WorkspaceManager {
    /// A stopped workspace whose files are kept on this host.
    struct KeptFiles {
        var workspaceID: String
        var kept: WorkspaceDirectory.KeptContent
    }

    /// Every workspace whose files a stop kept, oldest first.
    nonisolated func keptFiles() -> [KeptFiles] {
        let workspaces = configuration.dataDirectory + "/workspaces"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspaces)) ?? []
        return names.compactMap { name in
            directory(workspaceID: name).keptContent.map { KeptFiles(workspaceID: name, kept: $0) }
        }.sorted { $0.kept.keptAt < $1.kept.keptAt }
    }

    /// Whether the data directory's file system has less free space than kept files may take from it.
    nonisolated func isShortOfSpace() -> Bool {
        var status = statvfs()
        guard statvfs(configuration.dataDirectory, &status) == 0, status.f_blocks > 0 else { return false }
        return Double(status.f_bavail) / Double(status.f_blocks) < configuration.keptFiles.minimumFreeFraction
    }

    /// Puts away the content of a workspace that has just been backed up as `backupID`: kept on this host for its
    /// next start when the policy and the free space allow, removed otherwise.
    func retireContent(_ directory: WorkspaceDirectory, backupID: String, hostIDOffset: Int?) async throws {
        if let hostIDOffset, configuration.keptFiles.duration > .zero, !isShortOfSpace() {
            do {
                try await directory.keep(
                    WorkspaceDirectory.KeptContent(backupID: backupID, hostIDOffset: hostIDOffset, keptAt: now()))
                return
            } catch {
                logger.warning("cannot keep the files of \(directory.root), so they are removed: \(error)")
            }
        }
        let removing = ContinuousClock.now
        try await directory.removeContent()
        logger.debug(
            "removed the live files of \(directory.root) in \(ContinuousClock.now - removing)",
            ["workspace.id": URL(fileURLWithPath: directory.root).lastPathComponent])
    }

    /// Removes the kept files of stopped workspace `workspaceID`, so that its next start restores its backup.
    /// - Returns: whether there were kept files to remove.
    /// - Throws: `.invalidState` while an operation runs on the workspace; a failure to remove them.
    @discardableResult
    public func removeKeptFiles(workspaceID: String) async throws -> Bool {
        try claim(workspaceID, for: .removingKeptFiles)
        defer { release(workspaceID) }
        let directory = self.directory(workspaceID: workspaceID)
        guard directory.keptContent != nil else { return false }
        try await directory.removeContent()
        try await directory.removeRun()
        return true
    }

    /// The reconciler's part for kept files: those kept longer than the policy allows are removed, and while the
    /// file system is short of space, the oldest others too.
    func removeExpiredKeptFiles(into report: inout ReconcileReport) async {
        let limit = configuration.keptFiles.duration
        for files in keptFiles() where busy[files.workspaceID] == nil {
            let age = now().timeIntervalSince(files.kept.keptAt)
            let reason: String
            if age >= Double(limit.components.seconds) {
                reason =
                    "kept since \(files.kept.keptAt.formatted(.iso8601)), longer than the \(limit.components.seconds) s "
                    + "allowed"
            } else if isShortOfSpace() {
                reason = "the disk has less than \(Int(configuration.keptFiles.minimumFreeFraction * 100))% free"
            } else {
                continue
            }
            do {
                if try await removeKeptFiles(workspaceID: files.workspaceID) {
                    report.actions.append(.removedKeptFiles(workspaceID: files.workspaceID, reason: reason))
                }
            } catch {
                report.actions.append(
                    .failedToReconcile(what: "the kept files of workspace \(files.workspaceID)", reason: "\(error)"))
            }
        }
    }
}
