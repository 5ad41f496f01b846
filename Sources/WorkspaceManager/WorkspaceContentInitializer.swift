import Content
import Store

/// Puts a fresh checkout of a workspace's repository in place: what a new workspace starts from when it has no
/// backup (and, later, no prebuild).
public protocol WorkspaceContentInitializer: Sendable {
    /// Checks out `workspace`'s repository at its commit into `directory`, owned by `owner`.
    /// - Parameters:
    ///   - workspace: the workspace (its clone URL, ref and commit).
    ///   - directory: the workspace's content directory on the host; it exists and is empty.
    ///   - owner: the host ids every file and directory must belong to.
    /// - Returns: the commit checked out.
    /// - Throws: an error whose description says what went wrong; the start fails with it.
    func checkout(workspace: Workspace, into directory: String, owner: FileOwner) async throws -> String
}
