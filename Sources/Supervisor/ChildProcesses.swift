import Glibc
import Synchronization

/// The one place that collects children's exit statuses, so that reaping orphans (PID 1's duty) never steals the
/// status of a child someone waits for.
///
/// A sweep every few milliseconds asks each tracked pid with `waitpid(pid, WNOHANG)`; when `reapsOrphans` is set it
/// also reaps any other child (`waitpid(-1, WNOHANG)`) and keeps the status in case its pid is tracked a moment later.
public final class ChildProcesses: Sendable {
    private struct State {
        var waiters: [pid_t: [CheckedContinuation<Int32, Never>]] = [:]
        var tracked: Set<pid_t> = []
        var statuses: [pid_t: Int32] = [:]
    }

    /// Whether every child is reaped, not only tracked ones: true when the supervisor is PID 1.
    public let reapsOrphans: Bool
    private let state = Mutex(State())

    public init(reapsOrphans: Bool = getpid() == 1) {
        self.reapsOrphans = reapsOrphans
    }

    /// Starts collecting `pid`'s status.
    public func track(_ pid: pid_t) {
        state.withLock { _ = $0.tracked.insert(pid) }
    }

    /// Whether a tracked child has not been reaped yet.
    public func isRunning(_ pid: pid_t) -> Bool {
        state.withLock { $0.tracked.contains(pid) }
    }

    /// Waits for a tracked child to end; returns its exit code, or 128 + the signal that ended it.
    public func exitCode(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state -> Int32? in
                if let status = state.statuses.removeValue(forKey: pid) { return status }
                state.waiters[pid, default: []].append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Sweeps until the task is cancelled.
    public func run(interval: Duration = .milliseconds(20)) async {
        while !Task.isCancelled {
            sweep()
            try? await Task.sleep(for: interval)
        }
    }

    /// Collects what has ended since the last sweep.
    public func sweep() {
        var ended: [(pid_t, Int32)] = []
        for pid in state.withLock({ $0.tracked }) {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { ended.append((pid, Self.exitCode(status))) }
        }
        while reapsOrphans {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { break }
            ended.append((pid, Self.exitCode(status)))
        }
        for (pid, code) in ended {
            let waiters = state.withLock { state -> [CheckedContinuation<Int32, Never>] in
                state.tracked.remove(pid)
                guard let waiters = state.waiters.removeValue(forKey: pid) else {
                    // Kept for a pid tracked a moment after it was reaped; bounded, since orphans are never asked for.
                    if state.statuses.count >= Self.maxUnclaimedStatuses { state.statuses.removeAll() }
                    state.statuses[pid] = code
                    return []
                }
                return waiters
            }
            for waiter in waiters { waiter.resume(returning: code) }
        }
    }

    private static let maxUnclaimedStatuses = 4096

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
