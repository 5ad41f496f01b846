import Supervisor
import TestSupport
import Testing

/// The sync point table on its own: done, timed out, cancelled and closed waits.
@Suite struct SyncPointsTests {
    @Test func aWaitAfterDoneReturnsAtOnce() async {
        let points = SyncPoints()
        #expect(points.markDone("a"))
        #expect(points.isDone("a"))
        #expect(await points.wait(for: "a", timeout: .seconds(600)) == .done)
        #expect(!points.isDone("b"))
    }

    @Test func aWaitTimesOutAndLeavesNoWaiterBehind() async {
        let points = SyncPoints()
        #expect(await points.wait(for: "a", timeout: .milliseconds(20)) == .timedOut)
        #expect(points.waiterCount == 0)
    }

    @Test func aCancelledWaitEndsAndLeavesNoWaiterBehind() async throws {
        let points = SyncPoints()
        let waiter = Task { await points.wait(for: "a", timeout: .seconds(600)) }
        try await withTimeout {
            while points.waiterCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        waiter.cancel()
        #expect(try await withTimeout { await waiter.value } == .timedOut)
        #expect(points.waiterCount == 0)
    }

    @Test func doneWakesEveryWaiterOfThatNameOnly() async throws {
        let points = SyncPoints()
        let waiters = ["a", "a", "b"].map { name in Task { await points.wait(for: name, timeout: .seconds(600)) } }
        try await withTimeout {
            while points.waiterCount < 3 { try await Task.sleep(for: .milliseconds(5)) }
        }
        points.markDone("a")
        #expect(try await withTimeout { await waiters[0].value } == .done)
        #expect(try await withTimeout { await waiters[1].value } == .done)
        #expect(points.waiterCount == 1)
        points.close()
        #expect(try await withTimeout { await waiters[2].value } == .closed)
        #expect(await points.wait(for: "c", timeout: .seconds(600)) == .closed)
    }

    @Test func theTableIsBounded() {
        let points = SyncPoints()
        for index in 0..<SyncPoints.maxDoneNames { points.markDone("n\(index)") }
        #expect(!points.markDone("one-too-many"))
        #expect(points.markDone("n0"))
    }
}
