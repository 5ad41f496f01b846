import Store

/// What one pass of the reconciler did.
public struct ReconcileReport: Sendable, Hashable, CustomStringConvertible {
    /// One thing the reconciler changed (or failed to).
    public enum Action: Sendable, Hashable, CustomStringConvertible {
        /// A container labelled as a workspace's had no active instance, and was removed.
        case removedOrphanContainer(containerID: String, workspaceID: String?)
        /// An active instance's container was gone; its content (if any) was backed up and it is now failed.
        case failedVanished(instanceID: String, workspaceID: String, phase: InstancePhase)
        /// A start that no one drives any more (the manager stopped mid-start) was retired as failed, its content
        /// backed up first when there was some.
        case retiredAbandonedStart(instanceID: String, workspaceID: String, phase: InstancePhase)
        /// An instance ran out of time and was stopped with a backup.
        case stoppedExpired(instanceID: String, workspaceID: String, expiry: WorkspaceTimeouts.Expiry)
        /// A stop that no one drives any more was finished.
        case finishedAbandonedStop(instanceID: String, workspaceID: String)
        /// A stopped workspace's kept files were removed (its backup stays), for `reason`.
        case removedKeptFiles(workspaceID: String, reason: String)
        /// Handling something failed; the next pass tries again.
        case failedToReconcile(what: String, reason: String)

        public var description: String {
            switch self {
            case .removedOrphanContainer(let container, let workspace):
                "removed container \(container) of workspace \(workspace ?? "?"): it has no active instance"
            case .failedVanished(let instance, let workspace, let phase):
                "instance \(instance) of workspace \(workspace) was \(phase.rawValue) but its container is gone: failed"
            case .retiredAbandonedStart(let instance, let workspace, let phase):
                "instance \(instance) of workspace \(workspace) was abandoned while \(phase.rawValue): failed"
            case .stoppedExpired(let instance, let workspace, let expiry):
                "stopped instance \(instance) of workspace \(workspace): \(expiry)"
            case .finishedAbandonedStop(let instance, let workspace):
                "finished the abandoned stop of instance \(instance) of workspace \(workspace)"
            case .removedKeptFiles(let workspace, let reason):
                "removed the kept files of stopped workspace \(workspace) (its backup stays): \(reason)"
            case .failedToReconcile(let what, let reason): "could not reconcile \(what): \(reason)"
            }
        }
    }

    public var actions: [Action] = []

    public var description: String {
        actions.isEmpty ? "nothing to do" : actions.map(\.description).joined(separator: "; ")
    }
}
