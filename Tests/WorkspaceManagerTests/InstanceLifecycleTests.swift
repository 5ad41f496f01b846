import Store
import Testing
import WorkspaceManager

/// The lifecycle's rules, every phase against every event.
@Suite struct InstanceLifecycleTests {
    static let events: [InstanceLifecycle.Event] = [
        .imageBuildStarted, .imageReady, .containerCreationStarted, .containerStarted, .supervisorReady,
        .stopRequested, .stopCompleted, .failed(reason: "boom"),
    ]

    /// The whole table: (phase, event) → the next phase, or nil when the event may not happen.
    static let table: [InstancePhase: [InstanceLifecycle.Event: InstancePhase]] = [
        .preparing: [
            .imageBuildStarted: .building, .imageReady: .pending, .stopRequested: .stopping,
            .failed(reason: "boom"): .failed,
        ],
        .building: [.imageReady: .pending, .stopRequested: .stopping, .failed(reason: "boom"): .failed],
        .pending: [.containerCreationStarted: .creating, .stopRequested: .stopping, .failed(reason: "boom"): .failed],
        .creating: [.containerStarted: .initializing, .stopRequested: .stopping, .failed(reason: "boom"): .failed],
        .initializing: [.supervisorReady: .running, .stopRequested: .stopping, .failed(reason: "boom"): .failed],
        .running: [.stopRequested: .stopping, .failed(reason: "boom"): .failed],
        .stopping: [.stopCompleted: .stopped, .failed(reason: "boom"): .failed],
        .stopped: [:],
        .failed: [:],
    ]

    @Test(arguments: InstancePhase.allCases)
    func everyEventInEveryPhaseFollowsTheTable(_ phase: InstancePhase) throws {
        let expected = try #require(Self.table[phase])
        for event in Self.events {
            #expect(InstanceLifecycle.next(from: phase, on: event) == expected[event], "\(phase) on \(event)")
            var lifecycle = InstanceLifecycle(phase: phase)
            if let next = expected[event] {
                #expect(try lifecycle.apply(event) == next)
                #expect(lifecycle.phase == next)
            } else {
                #expect(throws: InstanceLifecycle.InvalidTransition(phase: phase, event: event)) {
                    try lifecycle.apply(event)
                }
                #expect(lifecycle.phase == phase, "a refused event leaves the phase as it was")
            }
        }
    }

    @Test(arguments: InstancePhase.allCases)
    func allowedMovesAreExactlyTheTablesMoves(_ from: InstancePhase) {
        let targets = Set(Self.table[from]?.values.map { $0 } ?? [])
        for to in InstancePhase.allCases {
            #expect(InstanceLifecycle.allows(from: from, to: to) == targets.contains(to), "\(from) → \(to)")
        }
    }

    @Test func aStartWithoutABuildSkipsBuilding() throws {
        var lifecycle = InstanceLifecycle()
        let phases = try [
            InstanceLifecycle.Event.imageReady, .containerCreationStarted, .containerStarted, .supervisorReady,
            .stopRequested, .stopCompleted,
        ].map { try lifecycle.apply($0) }
        #expect(phases == [.pending, .creating, .initializing, .running, .stopping, .stopped])
    }

    @Test func aStartWithABuildPassesThroughBuilding() throws {
        var lifecycle = InstanceLifecycle()
        #expect(try lifecycle.apply(.imageBuildStarted) == .building)
        #expect(try lifecycle.apply(.imageReady) == .pending)
        #expect(throws: InstanceLifecycle.InvalidTransition.self) { try lifecycle.apply(.imageBuildStarted) }
    }

    @Test func finalPhasesTakeNoEvent() {
        for phase in InstancePhase.allCases where phase.isFinal {
            for event in Self.events { #expect(InstanceLifecycle.next(from: phase, on: event) == nil) }
        }
    }

    @Test func phaseSetsAgree() {
        #expect(InstanceLifecycle.activePhases == Set(InstancePhase.allCases.filter { !$0.isFinal }))
        #expect(InstanceLifecycle.stoppablePhases == InstanceLifecycle.activePhases.subtracting([.stopping]))
        #expect(InstanceLifecycle.phasesWithContent.isSubset(of: InstanceLifecycle.activePhases))
        #expect(!InstanceLifecycle.phasesWithContent.contains(.creating))
    }

    @Test func anInvalidTransitionNamesThePhaseAndTheEvent() {
        let error = InstanceLifecycle.InvalidTransition(phase: .stopped, event: .supervisorReady)
        #expect(error.description.contains("stopped"))
        #expect(error.description.contains("supervisorReady"))
    }
}
