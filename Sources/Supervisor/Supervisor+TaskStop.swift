import Glibc

extension Supervisor {
    /// How a task stop went.
    public enum TaskStopOutcome: Sendable, Equatable {
        /// There is no task with that id.
        case unknownTask
        /// The task is not running (still pending, or already ended): nothing was signalled.
        case notRunning(TaskState)
        /// The task's processes ended after SIGTERM.
        case terminated
        /// The task's processes outlived the grace period and got SIGKILL.
        case killed
    }

    /// Stops a running task: SIGTERM to its terminal's process group, then SIGKILL to what is left after the
    /// grace period. Returns once the task's shell has ended (or a few seconds after SIGKILL at most).
    /// - Parameter id: the task's id (`GET /tasks`), not its terminal's.
    public func stopTask(id: String) async -> TaskStopOutcome {
        guard let task = tasks.first(where: { $0.id == id }) else { return .unknownTask }
        guard task.state == .running, let terminalID = task.terminalID, let terminal = terminal(id: terminalID),
            children.isRunning(terminal.pid)
        else { return .notRunning(task.state) }
        terminal.signal(SIGTERM)
        terminal.signal(SIGCONT)
        if await waitForExit(of: terminal.pid, within: options.stopGracePeriod) { return .terminated }
        terminal.signal(SIGKILL)
        _ = await waitForExit(of: terminal.pid, within: .seconds(5))
        return .killed
    }

    /// Waits until the sweep has collected `pid`; false when it is still running after `limit`.
    private func waitForExit(of pid: pid_t, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while children.isRunning(pid) {
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
