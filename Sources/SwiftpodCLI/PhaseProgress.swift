import Foundation

/// The phases a workspace passes while it starts or stops, and how long each took, rendered as text: a frame of
/// lines that a terminal redraws in place (a spinner on the current phase), or plain lines as phases end.
///
/// Pure: it is fed the workspace's phase and phase times with the local time each state was seen, and renders
/// for a given time. Times from the two clocks are never mixed: a phase whose start and end were both seen live
/// takes its duration from the local clock (to the tenth of a second); one passed before the first state or between
/// two states takes it from the server's phase times (whole seconds).
struct PhaseProgress: Sendable {
    /// One phase passed or in progress.
    struct Step: Sendable, Equatable {
        var phase: String
        /// When the server recorded the phase's start, if it did.
        var serverStart: Date?
        /// When this display first saw the phase, if it was the current one in a state it was given.
        var localStart: Date?
        /// Whether the phase began after the first state: `localStart` is then its true start.
        var seenLive = false
    }

    /// A phase that ended, for plain output.
    struct FinishedPhase: Sendable, Equatable {
        var phase: String
        var duration: TimeInterval
    }

    /// The spinner's frames on a terminal.
    static let spinner: [String] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// The phases the display ends at.
    let finalPhases: Set<String>
    /// The phases shown; others (those before a stop began, say) are left out.
    let shownPhases: Set<String>
    private(set) var steps: [Step] = []
    private(set) var failure: String?
    private var seenStates = 0

    /// - Parameters:
    ///   - shownPhases: the phases to show.
    ///   - finalPhases: the phases after which nothing more is expected: `running`, `stopped`, `failed`.
    init(shownPhases: Set<String>, finalPhases: Set<String>) {
        self.shownPhases = shownPhases.union(finalPhases)
        self.finalPhases = finalPhases
    }

    /// The phases of a start, up to running (or a failure, or a stop before it ran).
    static func start() -> PhaseProgress {
        PhaseProgress(
            shownPhases: ["preparing", "building", "pending", "creating", "initializing", "stopping"],
            finalPhases: ["running", "failed", "stopped"])
    }

    /// The phases of a stop.
    static func stop() -> PhaseProgress {
        PhaseProgress(shownPhases: ["stopping"], finalPhases: ["stopped", "failed"])
    }

    /// Whether the last phase is a final one.
    var isFinished: Bool { steps.last.map { finalPhases.contains($0.phase) } ?? false }

    /// The current phase.
    var phase: String? { steps.last?.phase }

    /// Records the workspace's state seen at `time`.
    /// - Returns: the phases that ended with this state, in order.
    mutating func record(
        phase: String, phaseTimes: [String: Date], failure: String?, at time: Date
    ) -> [FinishedPhase] {
        defer { seenStates += 1 }
        if failure != nil { self.failure = failure }
        guard shownPhases.contains(phase) else { return [] }
        let before = steps.count
        let known = Set(steps.map(\.phase))
        let lastServerTime = steps.last.flatMap { phaseTimes[$0.phase] } ?? .distantPast
        // Phases passed since the last state, in the server's order, before the current one.
        let passed = phaseTimes.filter {
            $0.key != phase && shownPhases.contains($0.key) && !known.contains($0.key) && $0.value >= lastServerTime
                && $0.value <= (phaseTimes[phase] ?? .distantFuture)
        }
        .sorted { ($0.value, Self.order($0.key)) < ($1.value, Self.order($1.key)) }
        for (name, start) in passed { steps.append(Step(phase: name, serverStart: start)) }
        if steps.last?.phase != phase {
            let live = seenStates > 0
            steps.append(Step(phase: phase, serverStart: phaseTimes[phase], localStart: time, seenLive: live))
        }
        let ended = max(0, before - 1)..<(steps.count - 1)
        return ended.map { FinishedPhase(phase: steps[$0].phase, duration: duration(of: $0, now: time)) }
    }

    /// How long step `index` took, or has taken by `now` when it is the current one (0 for a final phase).
    func duration(of index: Int, now: Date) -> TimeInterval {
        let step = steps[index]
        guard index + 1 < steps.count else {
            // In progress: since it was first seen (a lower bound when it began before the first state).
            return max(0, now.timeIntervalSince(step.localStart ?? now))
        }
        let next = steps[index + 1]
        let interval: TimeInterval =
            if step.seenLive, next.seenLive, let start = step.localStart, let end = next.localStart {
                end.timeIntervalSince(start)
            } else if let start = step.serverStart, let end = next.serverStart {
                end.timeIntervalSince(start)
            } else if let start = step.localStart, let end = next.localStart {
                end.timeIntervalSince(start)
            } else {
                0
            }
        return max(0, interval)
    }

    // MARK: Rendering

    /// The lines a terminal shows at `now`: `✓ phase  1.2s` for each phase passed, the spinner on the current
    /// one, `✗ failed: reason` for a failure.
    func frame(now: Date, tick: Int) -> [String] {
        let width = steps.map(\.phase.count).max() ?? 0
        return steps.indices.map { index in
            let step = steps[index]
            let name = step.phase.padding(toLength: width, withPad: " ", startingAt: 0)
            let isLast = index == steps.count - 1
            if isLast && step.phase == "failed" { return "✗ failed" + (failure.map { ": \($0)" } ?? "") }
            if isLast && finalPhases.contains(step.phase) { return "✓ \(step.phase)" }
            let mark = isLast ? Self.spinner[tick % Self.spinner.count] : "✓"
            return "\(mark) \(name)  \(Self.format(duration(of: index, now: now)))"
        }
    }

    /// The text that replaces a frame of `previousLineCount` lines (already on the terminal, the cursor below it)
    /// with `lines`: the cursor moves up to the frame's first line, and each line is cleared before it is written.
    static func redraw(_ lines: [String], previousLineCount: Int) -> String {
        var text = previousLineCount > 0 ? "\u{1B}[\(previousLineCount)F" : ""
        for line in lines { text += "\u{1B}[2K" + line + "\n" }
        // A shorter frame leaves old lines below it: clear them.
        if previousLineCount > lines.count { text += "\u{1B}[J" }
        return text
    }

    /// The plain line for a phase that ended: `phase initializing 1.2s`.
    static func plainLine(_ finished: FinishedPhase) -> String {
        "phase \(finished.phase) \(format(finished.duration))"
    }

    /// `0.4s`, `12.3s`, `2m05s`.
    static func format(_ seconds: TimeInterval) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        return String(format: "%dm%02ds", whole / 60, whole % 60)
    }

    /// The canonical order of phases, for phases recorded in the same second.
    static func order(_ phase: String) -> Int {
        let phases = [
            "preparing", "building", "pending", "creating", "initializing", "running", "stopping", "stopped", "failed",
        ]
        return phases.firstIndex(of: phase) ?? phases.count
    }
}
