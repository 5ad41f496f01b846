import Foundation

/// Workspace instances and their phases.
public protocol InstanceStore: Sendable {
    /// Adds an instance, with its phase times.
    /// - Throws: `.conflict` when its ID is taken, `.notFound` when its workspace does not exist.
    func createInstance(_ instance: WorkspaceInstance) async throws
    /// The instance with `id`, with all its phase times.
    /// - Throws: `.notFound` when there is none.
    func instance(id: String) async throws -> WorkspaceInstance
    /// The latest instance of a workspace, or nil when it has never started.
    func currentInstance(workspaceID: String) async throws -> WorkspaceInstance?
    /// All instances of a workspace, newest first.
    func instances(workspaceID: String) async throws -> [WorkspaceInstance]
    /// All instances, of any workspace, in one of `phases`, oldest first (for the reconciler).
    func instances(inPhases phases: Set<InstancePhase>) async throws -> [WorkspaceInstance]
    /// Moves an instance from phase `expected` to `phase`, recording `date` as the time it entered it, only if it
    /// is still in `expected` (a compare-and-set). Entering `stopped` or `failed` also sets `stoppedAt`;
    /// `failureReason`, when given, is stored with the change.
    /// - Returns: whether the instance was in `expected` and has moved.
    /// - Throws: `.notFound` when there is no such instance.
    func updateInstancePhase(
        id: String, from expected: InstancePhase, to phase: InstancePhase, at date: Date, failureReason: String?
    ) async throws -> Bool
    /// Stores an instance's details: `failureReason`, `containerID`, `imageRef`, `contentSource` and `stoppedAt`.
    /// Its phase and phase times change only through `updateInstancePhase`.
    /// - Throws: `.notFound` when there is no such instance.
    func updateInstanceDetails(_ instance: WorkspaceInstance) async throws
}
