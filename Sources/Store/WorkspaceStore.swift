import Foundation

/// Workspaces.
public protocol WorkspaceStore: Sendable {
    /// Adds a workspace.
    /// - Throws: `.conflict` when its ID is taken, `.notFound` when its owner does not exist.
    func createWorkspace(_ workspace: Workspace) async throws
    /// The workspace with `id`, deleted or not.
    /// - Throws: `.notFound` when there is none.
    func workspace(id: String) async throws -> Workspace
    /// A user's workspaces, newest first; soft-deleted ones only when `includeDeleted`.
    func workspaces(ownerID: String, includeDeleted: Bool) async throws -> [Workspace]
    /// Replaces the stored workspace that has `workspace.id` (every field but `ownerID` and `createdAt`).
    /// - Throws: `.notFound` when there is none.
    func updateWorkspace(_ workspace: Workspace) async throws
    /// Sets the inactivity timeout of workspace `id` (nil for the server's default), and nothing else of it.
    /// - Parameter timeout: whole seconds, above zero.
    /// - Throws: `.notFound` when there is none, `.invalidArgument` for a timeout under one second.
    func setInactivityTimeout(workspaceID id: String, to timeout: Duration?) async throws
    /// Marks a workspace deleted at `date` (a soft delete: its record, instances and backups stay).
    /// - Throws: `.notFound` when there is none.
    func markWorkspaceDeleted(id: String, at date: Date) async throws
    /// Removes a workspace's record and its instances for good.
    /// - Throws: `.notFound`, or `.conflict` while backup records of it remain (backups are users' files: they
    ///   are never removed as a side effect).
    func deleteWorkspace(id: String) async throws
}
