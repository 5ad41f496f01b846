import Foundation
import Store
import Synchronization

/// A workspace instance entered a phase.
public struct PhaseChange: Sendable, Hashable {
    public var workspaceID: String
    public var instanceID: String
    public var phase: InstancePhase
    public var at: Date
    /// Why it failed, for `failed`.
    public var failureReason: String?

    public init(workspaceID: String, instanceID: String, phase: InstancePhase, at: Date, failureReason: String?) {
        self.workspaceID = workspaceID
        self.instanceID = instanceID
        self.phase = phase
        self.at = at
        self.failureReason = failureReason
    }
}

/// Hands every phase change to each listener's stream.
final class PhaseChangeBroadcaster: Sendable {
    private let listeners = Mutex<[UUID: AsyncStream<PhaseChange>.Continuation]>([:])

    /// A stream of the changes from now on; it ends when `finish` is called.
    func stream() -> AsyncStream<PhaseChange> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: PhaseChange.self, bufferingPolicy: .bufferingNewest(1024))
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        listeners.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ change: PhaseChange) {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.yield(change) }
    }

    func finish() {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
