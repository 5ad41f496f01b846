import Foundation
import Store

/// How long a workspace instance may stay idle, live, or in one phase; Gitpod's defaults.
public struct WorkspaceTimeouts: Sendable, Hashable {
    /// A running workspace with no user activity for this long is stopped (with a backup).
    public var inactivity: Duration
    /// A workspace is stopped this long after it started, active or not.
    public var maximumLifetime: Duration
    /// The longest an instance may take in each phase from preparing to initializing (an image build included).
    public var initialization: Duration
    /// The longest a stop may take before the reconciler takes it over.
    public var stopping: Duration

    /// Inactivity 30 minutes, maximum lifetime 36 hours, initialization 30 minutes, stopping 15 minutes.
    public init(
        inactivity: Duration = .seconds(30 * 60), maximumLifetime: Duration = .seconds(36 * 3600),
        initialization: Duration = .seconds(30 * 60), stopping: Duration = .seconds(15 * 60)
    ) {
        self.inactivity = inactivity
        self.maximumLifetime = maximumLifetime
        self.initialization = initialization
        self.stopping = stopping
    }

    /// These timeouts, with `inactivity` in place of the default when a workspace has its own.
    public func with(inactivity own: Duration?) -> WorkspaceTimeouts {
        var timeouts = self
        if let own { timeouts.inactivity = own }
        return timeouts
    }

    /// Why an instance has run out of time.
    public enum Expiry: Sendable, Hashable, CustomStringConvertible {
        /// No activity since `since`.
        case inactive(since: Date)
        /// It has been live longer than the maximum lifetime.
        case lifetimeExceeded
        /// It has been in `phase` longer than that phase may take.
        case stuck(in: InstancePhase)

        public var description: String {
            switch self {
            case .inactive(let since): "no activity since \(since.formatted(.iso8601))"
            case .lifetimeExceeded: "it reached its maximum lifetime"
            case .stuck(let phase): "it stayed in phase \(phase.rawValue) longer than allowed"
            }
        }
    }

    /// Whether `instance` has run out of time at `now`; a pure function of its phase times and `lastActivity` (the
    /// supervisor's report, or nil when there is none).
    public func expiry(of instance: WorkspaceInstance, lastActivity: Date?, now: Date) -> Expiry? {
        let enteredPhase = instance.phaseTimes[instance.phase] ?? instance.createdAt
        switch instance.phase {
        case .preparing, .building, .pending, .creating, .initializing:
            if now.timeIntervalSince(enteredPhase) > initialization.seconds { return .stuck(in: instance.phase) }
        case .running:
            if now.timeIntervalSince(instance.createdAt) > maximumLifetime.seconds { return .lifetimeExceeded }
            let since = max(lastActivity ?? enteredPhase, enteredPhase)
            if now.timeIntervalSince(since) > inactivity.seconds { return .inactive(since: since) }
        case .stopping:
            if now.timeIntervalSince(enteredPhase) > stopping.seconds { return .stuck(in: .stopping) }
        case .stopped, .failed:
            break
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
