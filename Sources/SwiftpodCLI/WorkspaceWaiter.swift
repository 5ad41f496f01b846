import Basics
import Foundation
import SwiftpodClient
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Follows a workspace's events until it reaches a final phase, showing each phase as it passes: redrawn in place on
/// a terminal, plain lines otherwise (`PhaseProgress` renders both).
struct WorkspaceWaiter: Sendable {
    /// How often a terminal display redraws (the spinner and the current phase's time).
    static let redrawInterval: Duration = .milliseconds(100)
    /// How many times a stream the server closed early is opened again.
    static let reconnects = 5

    let client: APIClient
    /// Where the display goes: standard output, or standard error when standard output carries JSON.
    let descriptor: Int32
    /// Whether `descriptor` is a terminal (live display) or not (plain lines).
    let isTerminal: Bool

    init(client: APIClient, descriptor: Int32) {
        self.client = client
        self.descriptor = descriptor
        self.isTerminal = isatty(descriptor) == 1
    }

    /// Waits for the workspace to reach one of `progress`'s final phases.
    /// - Parameters:
    ///   - progress: the phases to show and to end at (`PhaseProgress.start()` or `.stop()`).
    ///   - isCurrent: whether a state belongs to the operation waited for (an earlier instance's final state does
    ///     not).
    ///   - timeout: how long to wait in all.
    /// - Returns: the workspace in its final phase (`failed` included: the caller decides what that means).
    /// - Throws: `ClientCommandError` when the time runs out or the server keeps closing the stream.
    func wait(
        workspaceID: String, progress: PhaseProgress, timeout: Duration,
        isCurrent: @escaping @Sendable (Workspace) -> Bool = { _ in true }
    ) async throws -> Workspace {
        let display = DisplayState(Display(progress: progress))
        let result = try await withThrowingTaskGroup(of: Workspace?.self) { group in
            group.addTask {
                try await follow(workspaceID: workspaceID, display: display, isCurrent: isCurrent)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                let limit = PhaseProgress.format(Double(timeout.components.seconds))
                throw ClientCommandError(
                    "gave up waiting for workspace \(workspaceID) after \(limit) (see 'swiftpod workspace get \(workspaceID)')"
                )
            }
            if isTerminal {
                group.addTask {
                    while true {
                        try await Task.sleep(for: Self.redrawInterval)
                        draw(display)
                    }
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let next { return next }
            }
            throw ClientCommandError("workspace \(workspaceID): the wait ended without a result")
        }
        if isTerminal { draw(display) }
        return result
    }

    private func follow(
        workspaceID: String, display: DisplayState, isCurrent: @Sendable (Workspace) -> Bool
    ) async throws -> Workspace {
        let progress = display.withLock { $0.progress }
        var final: Workspace?
        var lastProblem = "the server kept closing the event stream"

        /// Follows the stream once, until a final phase (in `final`) or its end.
        func followOnce() async throws {
            try await client.followEvents(workspaceID: workspaceID) { workspace in
                guard isCurrent(workspace) else { return true }
                let finished = display.withLock {
                    $0.progress.record(
                        phase: workspace.phase, phaseTimes: workspace.phaseTimes, failure: workspace.failure,
                        at: Date())
                }
                if !isTerminal {
                    for phase in finished {
                        FileDescriptorWriter.writeAll(PhaseProgress.plainLine(phase) + "\n", to: descriptor)
                    }
                }
                guard progress.finalPhases.contains(workspace.phase) else { return true }
                final = workspace
                return false
            }
        }

        for attempt in 0...Self.reconnects {
            if attempt > 0 { try await Task.sleep(for: .seconds(1)) }
            do {
                try await followOnce()
            } catch let error as APIClientError where error.code != .server && attempt < Self.reconnects {
                // A stream that broke or went silent, or a server restarting: open it again.
                lastProblem = error.message
                continue
            }
            if let final { return final }
        }
        throw ClientCommandError("cannot follow workspace \(workspaceID): \(lastProblem)")
    }

    private func draw(_ display: DisplayState) {
        let text = display.withLock { display -> String in
            display.tick += 1
            let lines = display.progress.frame(now: Date(), tick: display.tick)
            defer { display.drawnLines = lines.count }
            return PhaseProgress.redraw(lines, previousLineCount: display.drawnLines)
        }
        FileDescriptorWriter.writeAll(text, to: descriptor)
    }

    /// What the display shows and has drawn.
    private struct Display: Sendable {
        var progress: PhaseProgress
        var drawnLines = 0
        var tick = 0
    }

    /// The display, shared by the task that follows events and the one that redraws.
    private final class DisplayState: Sendable {
        private let state: Mutex<Display>

        init(_ display: Display) {
            state = Mutex(display)
        }

        func withLock<Result: Sendable>(_ body: (inout Display) -> Result) -> Result {
            state.withLock { body(&$0) }
        }
    }
}
