import Foundation
import Store
import Testing
import WorkspaceManager

/// Timeouts as a pure function of an instance's phase times, its last activity and the time now.
@Suite struct WorkspaceTimeoutsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let timeouts = WorkspaceTimeouts(
        inactivity: .seconds(600), maximumLifetime: .seconds(7200), initialization: .seconds(300),
        stopping: .seconds(120))

    static func instance(_ phase: InstancePhase, enteredAfter seconds: TimeInterval = 0) -> WorkspaceInstance {
        var times: [InstancePhase: Date] = [.preparing: start]
        times[phase] = start + seconds
        return WorkspaceInstance(id: "i", workspaceID: "w", phase: phase, phaseTimes: times, createdAt: start)
    }

    @Test func defaultsAreGitpods() {
        let defaults = WorkspaceTimeouts()
        #expect(defaults.inactivity == .seconds(30 * 60))
        #expect(defaults.maximumLifetime == .seconds(36 * 3600))
        #expect(defaults.initialization == .seconds(30 * 60))
    }

    @Test(arguments: [InstancePhase.preparing, .building, .pending, .creating, .initializing])
    func aStartPhaseExpiresAfterTheInitializationTimeout(_ phase: InstancePhase) {
        let instance = Self.instance(phase, enteredAfter: 10)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 310) == nil)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 311) == .stuck(in: phase))
    }

    @Test func runningCountsInactivityFromTheLastActivity() {
        let instance = Self.instance(.running, enteredAfter: 60)
        let activity = Self.start + 1000
        #expect(Self.timeouts.expiry(of: instance, lastActivity: activity, now: activity + 600) == nil)
        #expect(
            Self.timeouts.expiry(of: instance, lastActivity: activity, now: activity + 601)
                == .inactive(since: activity))
    }

    @Test func runningWithoutActivityCountsFromEnteringRunning() {
        let instance = Self.instance(.running, enteredAfter: 60)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 660) == nil)
        #expect(
            Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 661)
                == .inactive(since: Self.start + 60))
        // Activity reported from before the instance ran (a clock behind) counts from running.
        #expect(
            Self.timeouts.expiry(of: instance, lastActivity: Self.start, now: Self.start + 661)
                == .inactive(since: Self.start + 60))
    }

    @Test func theMaximumLifetimeWinsOverActivity() {
        let instance = Self.instance(.running, enteredAfter: 60)
        let now = Self.start + 7201
        #expect(Self.timeouts.expiry(of: instance, lastActivity: now, now: now) == .lifetimeExceeded)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: now, now: Self.start + 7200) == nil)
    }

    @Test func aStopExpiresAfterTheStoppingTimeout() {
        let instance = Self.instance(.stopping, enteredAfter: 100)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 220) == nil)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 221) == .stuck(in: .stopping))
    }

    @Test(arguments: [InstancePhase.stopped, .failed])
    func finalPhasesNeverExpire(_ phase: InstancePhase) {
        let instance = Self.instance(phase)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 1_000_000) == nil)
    }

    @Test func aPhaseWithoutATimeCountsFromCreation() {
        let instance = WorkspaceInstance(
            id: "i", workspaceID: "w", phase: .creating, phaseTimes: [:], createdAt: Self.start)
        #expect(Self.timeouts.expiry(of: instance, lastActivity: nil, now: Self.start + 301) == .stuck(in: .creating))
    }

    @Test func expiriesDescribeThemselves() {
        #expect(WorkspaceTimeouts.Expiry.inactive(since: Self.start).description.contains("no activity since"))
        #expect(WorkspaceTimeouts.Expiry.lifetimeExceeded.description.contains("maximum lifetime"))
        #expect(WorkspaceTimeouts.Expiry.stuck(in: .building).description.contains("building"))
    }
}

/// A workspace's own inactivity timeout (`gp timeout set`) replaces the default one, and nothing else.
@Suite struct WorkspaceOwnTimeoutTests {
    @Test func aWorkspacesOwnInactivityTimeoutReplacesTheDefault() {
        let timeouts = WorkspaceTimeoutsTests.timeouts
        #expect(timeouts.with(inactivity: nil) == timeouts)
        let own = timeouts.with(inactivity: .seconds(7200))
        #expect(own.inactivity == .seconds(7200))
        #expect(own.maximumLifetime == timeouts.maximumLifetime)
        let instance = WorkspaceTimeoutsTests.instance(.running, enteredAfter: 60)
        let start = WorkspaceTimeoutsTests.start
        #expect(timeouts.expiry(of: instance, lastActivity: nil, now: start + 3600) != nil)
        #expect(own.expiry(of: instance, lastActivity: nil, now: start + 3600) == nil)
    }
}
