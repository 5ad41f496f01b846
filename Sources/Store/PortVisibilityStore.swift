/// The visibility a user chose for a workspace's port: `public` (anyone may reach it) or `private` (its owner only).
///
/// The API writes it; the workspace proxy reads it on every request to a port's host. A port with no stored choice
/// keeps the visibility its configuration gives it.
public protocol PortVisibilityStore: Sendable {
    /// The stored visibility of `port` of workspace `workspaceID`: `"public"`, `"private"`, or nil when none is stored.
    func portVisibility(workspaceID: String, port: Int) async throws -> String?
    /// Every stored visibility of workspace `workspaceID`'s ports, by port.
    func portVisibilities(workspaceID: String) async throws -> [Int: String]
    /// Stores the visibility of `port` of workspace `workspaceID`, replacing any earlier choice.
    /// - Parameters:
    ///   - workspaceID: the workspace.
    ///   - port: 1 to 65535.
    ///   - visibility: `"public"` or `"private"`.
    /// - Throws: `.invalidArgument` for another port or visibility, `.notFound` when the workspace does not exist.
    func setPortVisibility(workspaceID: String, port: Int, visibility: String) async throws
}
