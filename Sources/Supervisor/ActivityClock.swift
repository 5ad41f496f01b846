import Foundation
import Synchronization

/// When a user last did something in the workspace (typed into a terminal, or an IDE reported activity): the
/// workspace manager stops a workspace that has been idle for its timeout.
public final class ActivityClock: Sendable {
    private let last: Mutex<Date>

    public init(now: Date = Date()) {
        last = Mutex(now)
    }

    /// The time of the last activity (the supervisor's start when there has been none).
    public var lastActivity: Date { last.withLock { $0 } }

    /// Records activity at `now`; time never goes backwards.
    public func record(at now: Date = Date()) {
        last.withLock { $0 = max($0, now) }
    }
}
