/// What the proxy must know about a workspace to decide who may reach it and where it is.
public struct WorkspaceAccessRecord: Sendable, Equatable {
    public var workspaceID: String
    /// The user ID of the owner, the only one who may reach its private hosts.
    public var ownerID: String
    /// The supervisor's unix socket while the workspace runs; nil when it is not running.
    public var supervisorSocketPath: String?

    public init(workspaceID: String, ownerID: String, supervisorSocketPath: String?) {
        self.workspaceID = workspaceID
        self.ownerID = ownerID
        self.supervisorSocketPath = supervisorSocketPath
    }
}

/// Answers the proxy's questions about workspaces: who owns one, where its supervisor is, which ports are public.
///
/// The server adapts its store and workspace manager to this; tests use a small in-memory directory.
public protocol WorkspaceAccessDirectory: Sendable {
    /// The workspace with ID `id`, or nil when there is none (or it was deleted).
    /// - Parameter id: a workspace ID as it appears in a host name.
    func workspace(id: String) async throws -> WorkspaceAccessRecord?

    /// The visibility of port `port` of the workspace: `"public"`, `"private"`, or nil when never set (private).
    /// - Parameters:
    ///   - workspaceID: the workspace.
    ///   - port: the port inside the workspace.
    func portVisibility(workspaceID: String, port: Int) async throws -> String?
}
