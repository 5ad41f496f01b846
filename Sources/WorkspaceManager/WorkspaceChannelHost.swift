/// Serves the server's side of a workspace on a unix socket in its `run/` directory (`run/server.sock`): the channel
/// through which `gp` inside the workspace reaches the server.
///
/// The manager opens a workspace's channel once its `run/` directory is fresh and before its container starts, and
/// closes it once the container has stopped; the reconciler opens it again for running workspaces (after a restart
/// of the server) and closes channels whose workspace no longer runs.
public protocol WorkspaceChannelHost: AnyObject, Sendable {
    /// Opens the channel of a workspace; does nothing when it is open already.
    /// - Parameters:
    ///   - workspaceID: the workspace the channel acts for, and for nothing else.
    ///   - directory: the workspace's live directories; the socket goes into `directory.run`.
    func openChannel(workspaceID: String, directory: WorkspaceDirectory) async throws
    /// Closes the channel of `workspaceID` and removes its socket; does nothing when none is open.
    func closeChannel(workspaceID: String) async
    /// The workspaces whose channel is open.
    func openChannels() async -> Set<String>
}

extension WorkspaceManager {
    /// Makes `host` open and close the channels of this manager's workspaces from now on. The manager holds it
    /// weakly: its owner keeps it.
    public func attach(channelHost host: any WorkspaceChannelHost) {
        channelHost = host
    }

    /// Opens the channel of `workspaceID`, when a host is attached. A failure is logged, not thrown: the workspace
    /// runs without it (`gp` commands that need the server say so), and the reconciler tries again.
    func openChannel(workspaceID: String, directory: WorkspaceDirectory) async {
        guard let host = channelHost else { return }
        do {
            try await host.openChannel(workspaceID: workspaceID, directory: directory)
        } catch {
            logger.warning(
                "cannot open the server channel of workspace \(workspaceID): \(error)", ["workspace.id": workspaceID])
        }
    }

    /// Closes the channel of `workspaceID`, when a host is attached.
    func closeChannel(workspaceID: String) async {
        await channelHost?.closeChannel(workspaceID: workspaceID)
    }

    /// Closes the channels of workspaces that are neither live (`liveWorkspaceIDs`) nor busy.
    func closeStaleChannels(liveWorkspaceIDs: Set<String>) async {
        guard let host = channelHost else { return }
        for workspaceID in await host.openChannels()
        where !liveWorkspaceIDs.contains(workspaceID) && busy[workspaceID] == nil {
            await host.closeChannel(workspaceID: workspaceID)
        }
    }
}
