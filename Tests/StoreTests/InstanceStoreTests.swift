import Foundation
import Store
import Testing

@Suite struct InstanceStoreTests {
    private func storeWithWorkspace() async throws -> StoreFixture {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        try await fixture.store.createWorkspace(Sample.workspace())
        return fixture
    }

    @Test func aNewInstanceHasItsFirstPhaseTime() async throws {
        let fixture = try await storeWithWorkspace()
        let instance = Sample.instance()
        try await fixture.store.createInstance(instance)
        let stored = try await fixture.store.instance(id: "i1")
        #expect(stored == instance)
        #expect(stored.phaseTimes == [.preparing: Sample.time])
    }

    @Test func phasesMoveByCompareAndSetWithTheirTimes() async throws {
        let fixture = try await storeWithWorkspace()
        let store = fixture.store
        try await store.createInstance(Sample.instance())

        #expect(
            try await store.updateInstancePhase(
                id: "i1", from: .preparing, to: .creating, at: Sample.at(1), failureReason: nil))
        // A second writer that still expects `preparing` loses.
        #expect(
            !(try await store.updateInstancePhase(
                id: "i1", from: .preparing, to: .failed, at: Sample.at(2), failureReason: "late")))
        #expect(
            try await store.updateInstancePhase(
                id: "i1", from: .creating, to: .initializing, at: Sample.at(3), failureReason: nil))
        #expect(
            try await store.updateInstancePhase(
                id: "i1", from: .initializing, to: .running, at: Sample.at(4), failureReason: nil))
        #expect(
            try await store.updateInstancePhase(
                id: "i1", from: .running, to: .stopping, at: Sample.at(5), failureReason: nil))
        #expect(
            try await store.updateInstancePhase(
                id: "i1", from: .stopping, to: .stopped, at: Sample.at(6), failureReason: nil))

        let instance = try await store.instance(id: "i1")
        #expect(instance.phase == .stopped)
        #expect(instance.stoppedAt == Sample.at(6))
        #expect(instance.failureReason == nil)
        #expect(
            instance.phaseTimes == [
                .preparing: Sample.time, .creating: Sample.at(1), .initializing: Sample.at(3), .running: Sample.at(4),
                .stopping: Sample.at(5), .stopped: Sample.at(6),
            ])
    }

    @Test func failingRecordsTheReasonAndTheStopTime() async throws {
        let fixture = try await storeWithWorkspace()
        try await fixture.store.createInstance(Sample.instance())
        let moved = try await fixture.store.updateInstancePhase(
            id: "i1", from: .preparing, to: .failed, at: Sample.at(9),
            failureReason: "cannot clone: repository not found")
        #expect(moved)
        let instance = try await fixture.store.instance(id: "i1")
        #expect(instance.phase == .failed)
        #expect(instance.failureReason == "cannot clone: repository not found")
        #expect(instance.stoppedAt == Sample.at(9))
    }

    @Test func theCompareAndSetOfAMissingInstanceIsNotFound() async throws {
        let fixture = try await storeWithWorkspace()
        let error = await storeError {
            _ = try await fixture.store.updateInstancePhase(
                id: "nope", from: .preparing, to: .creating, at: Sample.time, failureReason: nil)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message == "no instance with id 'nope'")
    }

    @Test func concurrentCompareAndSetsLetExactlyOneWin() async throws {
        let fixture = try await storeWithWorkspace()
        try await fixture.store.createInstance(Sample.instance())
        let store = fixture.store
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<20 {
                group.addTask {
                    try await store.updateInstancePhase(
                        id: "i1", from: .preparing, to: attempt.isMultiple(of: 2) ? .creating : .failed,
                        at: Sample.at(Double(attempt)), failureReason: nil)
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await store.instance(id: "i1").phaseTimes.count == 2)
    }

    @Test func theCurrentInstanceIsTheLatest() async throws {
        let fixture = try await storeWithWorkspace()
        let store = fixture.store
        #expect(try await store.currentInstance(workspaceID: "w1") == nil)
        try await store.createInstance(Sample.instance("i1", at: 0))
        try await store.createInstance(Sample.instance("i2", at: 100))
        try await store.createInstance(Sample.instance("i0", at: 50))
        #expect(try await store.currentInstance(workspaceID: "w1")?.id == "i2")
        #expect(try await store.instances(workspaceID: "w1").map(\.id) == ["i2", "i0", "i1"])
    }

    @Test func theReconcilerFindsInstancesByPhase() async throws {
        let fixture = try await storeWithWorkspace()
        let store = fixture.store
        try await store.createUser(Sample.user("u2", username: "grace"))
        try await store.createWorkspace(Sample.workspace("w2", ownerID: "u2"))
        try await store.createInstance(Sample.instance("i1", workspaceID: "w1", at: 0))
        try await store.createInstance(Sample.instance("i2", workspaceID: "w2", at: 1))
        try await store.createInstance(Sample.instance("i3", workspaceID: "w2", at: 2))
        _ = try await store.updateInstancePhase(
            id: "i1", from: .preparing, to: .running, at: Sample.at(5), failureReason: nil)
        _ = try await store.updateInstancePhase(
            id: "i2", from: .preparing, to: .stopped, at: Sample.at(6), failureReason: nil)

        let active = try await store.instances(inPhases: [.preparing, .running, .stopping])
        #expect(active.map(\.id) == ["i1", "i3"])
        #expect(active.first?.phaseTimes == [.preparing: Sample.time, .running: Sample.at(5)])
        #expect(try await store.instances(inPhases: []).isEmpty)
        #expect(try await store.instances(inPhases: [.stopped]).map(\.id) == ["i2"])
    }

    @Test func detailsUpdateWithoutTouchingThePhase() async throws {
        let fixture = try await storeWithWorkspace()
        try await fixture.store.createInstance(Sample.instance())
        var instance = try await fixture.store.instance(id: "i1")
        instance.containerID = "c0ffee"
        instance.imageRef = "swiftpod/workspace:abc"
        instance.contentSource = .prebuild
        instance.hostIDOffset = 265_536
        instance.phase = .running  // ignored: phases move only by compare-and-set
        try await fixture.store.updateInstanceDetails(instance)
        let stored = try await fixture.store.instance(id: "i1")
        #expect(stored.containerID == "c0ffee")
        #expect(stored.imageRef == "swiftpod/workspace:abc")
        #expect(stored.contentSource == .prebuild)
        #expect(stored.hostIDOffset == 265_536)
        #expect(stored.phase == .preparing)
        #expect(
            await storeError { try await fixture.store.updateInstanceDetails(Sample.instance("x")) }?.code == .notFound)
    }

    @Test func instancesNeedTheirWorkspaceAndUniqueIDs() async throws {
        let fixture = try await storeWithWorkspace()
        let orphan = await storeError { try await fixture.store.createInstance(Sample.instance(workspaceID: "w9")) }
        #expect(orphan?.code == .notFound)
        #expect(orphan?.message == "no workspace with id 'w9'")
        try await fixture.store.createInstance(Sample.instance())
        let duplicate = await storeError { try await fixture.store.createInstance(Sample.instance()) }
        #expect(duplicate?.code == .conflict)
        // The failed insert left no phase times behind for the existing instance.
        #expect(try await fixture.store.instance(id: "i1").phaseTimes == [.preparing: Sample.time])
    }
}
