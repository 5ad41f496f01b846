import Synchronization

/// Named events that one process marks done and others wait for: what `gp sync-done` and `gp sync-await` share.
///
/// A name stays done for the supervisor's life, so a wait that starts after `markDone` returns at once, as Gitpod's
/// lock files behave.
public final class SyncPoints: Sendable {
    /// How a wait ended.
    public enum Outcome: Sendable, Equatable {
        /// The name was marked done.
        case done
        /// The time limit passed first.
        case timedOut
        /// The supervisor is stopping; nothing will be marked done any more.
        case closed
    }

    private struct State {
        var done: Set<String> = []
        var waiters: [String: [Int: CheckedContinuation<Outcome, Never>]] = [:]
        var nextWaiter = 0
        var closed = false
    }

    /// The longest name accepted, in bytes.
    public static let maxNameLength = 256
    /// How many names may be done at once; more is a runaway script, not a workflow.
    public static let maxDoneNames = 10_000

    private let state = Mutex(State())

    public init() {}

    /// Whether `name` has been marked done.
    public func isDone(_ name: String) -> Bool {
        state.withLock { $0.done.contains(name) }
    }

    /// How many waits are in progress, for every name.
    public var waiterCount: Int {
        state.withLock { $0.waiters.values.reduce(0) { $0 + $1.count } }
    }

    /// Marks `name` done and wakes everyone waiting for it.
    /// - Returns: false when the table is full and the name was not recorded.
    @discardableResult
    public func markDone(_ name: String) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Outcome, Never>]? in
            guard state.done.contains(name) || state.done.count < Self.maxDoneNames else { return nil }
            state.done.insert(name)
            return state.waiters.removeValue(forKey: name).map { Array($0.values) } ?? []
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: .done) }
        return true
    }

    /// Waits until `name` is done, `timeout` passes, the supervisor closes the table, or the task is cancelled
    /// (which counts as timed out).
    public func wait(for name: String, timeout: Duration) async -> Outcome {
        if let immediate = state.withLock({ $0.closed ? Outcome.closed : $0.done.contains(name) ? .done : nil }) {
            return immediate
        }
        return await withTaskGroup(of: Outcome.self) { group in
            group.addTask { await self.waitUntilDone(name) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
    }

    /// Wakes every waiter with `.closed`; later waits return `.closed` at once.
    public func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Outcome, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.flatMap { $0.values }
        }
        for waiter in waiters { waiter.resume(returning: .closed) }
    }

    private func waitUntilDone(_ name: String) async -> Outcome {
        let id = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { state -> Outcome? in
                    if state.closed { return .closed }
                    if state.done.contains(name) { return .done }
                    if Task.isCancelled { return .timedOut }
                    state.waiters[name, default: [:]][id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
                let waiter = state.waiters[name]?.removeValue(forKey: id)
                if state.waiters[name]?.isEmpty == true { state.waiters.removeValue(forKey: name) }
                return waiter
            }
            waiter?.resume(returning: .timedOut)
        }
    }
}
