import Foundation
import Testing

@testable import SwiftpodCLI

@Suite struct PhaseProgressTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    @Test func phasesSeenLiveEndWithTheirDurationsInPlainLines() {
        var progress = PhaseProgress.start()
        #expect(progress.record(phase: "created", phaseTimes: [:], failure: nil, at: t0).isEmpty)
        #expect(progress.record(phase: "preparing", phaseTimes: ["preparing": t0], failure: nil, at: t0).isEmpty)
        let ended = progress.record(
            phase: "creating", phaseTimes: ["preparing": t0, "creating": t0 + 1], failure: nil, at: t0 + 1.25)
        #expect(ended.map(PhaseProgress.plainLine) == ["phase preparing 1.2s"])
        let last = progress.record(
            phase: "running", phaseTimes: ["preparing": t0, "creating": t0 + 1, "running": t0 + 4], failure: nil,
            at: t0 + 4.5)
        #expect(last.map(PhaseProgress.plainLine) == ["phase creating 3.2s"])
        #expect(progress.isFinished)
    }

    @Test func phasesNotSeenLiveTakeTheServersTimes() {
        var progress = PhaseProgress.start()
        let first = progress.record(
            phase: "creating", phaseTimes: ["preparing": t0, "pending": t0 + 2, "creating": t0 + 3], failure: nil,
            at: t0 + 3.5)
        #expect(first.map(PhaseProgress.plainLine) == ["phase preparing 2.0s", "phase pending 1.0s"])
        // `initializing` was passed between two states.
        let next = progress.record(
            phase: "running",
            phaseTimes: [
                "preparing": t0, "pending": t0 + 2, "creating": t0 + 3, "initializing": t0 + 5, "running": t0 + 9,
            ],
            failure: nil, at: t0 + 9.5)
        #expect(next.map(PhaseProgress.plainLine) == ["phase creating 2.0s", "phase initializing 4.0s"])
        #expect(progress.steps.map(\.phase) == ["preparing", "pending", "creating", "initializing", "running"])
    }

    @Test func aTerminalFrameHasASpinnerOnTheCurrentPhaseAndTheReasonOfAFailure() {
        var progress = PhaseProgress.start()
        _ = progress.record(phase: "preparing", phaseTimes: ["preparing": t0], failure: nil, at: t0)
        _ = progress.record(phase: "initializing", phaseTimes: [:], failure: nil, at: t0 + 0.5)
        #expect(progress.frame(now: t0 + 2, tick: 1) == ["✓ preparing     0.5s", "⠙ initializing  1.5s"])
        _ = progress.record(phase: "failed", phaseTimes: [:], failure: "init exited with 2", at: t0 + 3)
        #expect(
            progress.frame(now: t0 + 9, tick: 2) == [
                "✓ preparing     0.5s", "✓ initializing  2.5s", "✗ failed: init exited with 2",
            ])
        #expect(progress.isFinished)
    }

    @Test func aStopShowsOnlyItsOwnPhases() {
        var progress = PhaseProgress.stop()
        #expect(progress.record(phase: "running", phaseTimes: ["preparing": t0], failure: nil, at: t0 + 60).isEmpty)
        _ = progress.record(
            phase: "stopping", phaseTimes: ["preparing": t0, "running": t0 + 5, "stopping": t0 + 61], failure: nil,
            at: t0 + 61)
        let ended = progress.record(phase: "stopped", phaseTimes: [:], failure: nil, at: t0 + 63)
        #expect(ended.map(PhaseProgress.plainLine) == ["phase stopping 2.0s"])
        #expect(progress.frame(now: t0 + 70, tick: 0) == ["✓ stopping  2.0s", "✓ stopped"])
    }

    @Test func aRedrawMovesUpOverThePreviousFrameAndClearsEachLine() {
        #expect(PhaseProgress.redraw(["a", "b"], previousLineCount: 0) == "\u{1B}[2Ka\n\u{1B}[2Kb\n")
        #expect(PhaseProgress.redraw(["a"], previousLineCount: 2) == "\u{1B}[2F\u{1B}[2Ka\n\u{1B}[J")
    }

    @Test(arguments: [(0.04, "0.0s"), (1.25, "1.2s"), (59.9, "59.9s"), (125, "2m05s"), (3600, "60m00s")])
    func formatsDurations(seconds: TimeInterval, text: String) {
        #expect(PhaseProgress.format(seconds) == text)
    }
}

extension PhaseProgressTests {
    @Test func theClientsAndTheServersClocksAreNeverMixed() {
        // The server's clock is an hour behind: the first phase's time still comes out right.
        let server = t0 - 3600
        var progress = PhaseProgress.start()
        _ = progress.record(phase: "preparing", phaseTimes: ["preparing": server], failure: nil, at: t0 + 0.5)
        let ended = progress.record(
            phase: "creating", phaseTimes: ["preparing": server, "creating": server + 2], failure: nil, at: t0 + 2.2)
        #expect(ended.map(PhaseProgress.plainLine) == ["phase preparing 2.0s"])
        let running = progress.record(
            phase: "running", phaseTimes: ["preparing": server, "creating": server + 2, "running": server + 3],
            failure: nil, at: t0 + 3.45)
        #expect(running.map(PhaseProgress.plainLine) == ["phase creating 1.2s"])
    }
}
