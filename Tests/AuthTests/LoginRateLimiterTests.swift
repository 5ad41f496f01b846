import Foundation
import Testing

@testable import Auth

@Suite struct LoginRateLimiterTests {
    let clock = ManualClock()

    func limiter(_ policy: LoginRateLimitPolicy = LoginRateLimitPolicy()) -> LoginRateLimiter {
        LoginRateLimiter(policy: policy, clock: clock.wallClock)
    }

    func fail(_ limiter: LoginRateLimiter, _ times: Int, username: String = "ada", address: String? = "192.0.2.1") {
        for _ in 0..<times { limiter.recordFailure(username: username, address: address) }
    }

    @Test func locksAUsernameAfterFiveFailuresForAMinute() {
        let limiter = limiter()
        fail(limiter, 4)
        #expect(limiter.check(username: "ada", address: "192.0.2.1") == .allowed)
        fail(limiter, 1)
        #expect(limiter.check(username: "ada", address: "192.0.2.9") == .locked(retryAfter: .seconds(60)))
        #expect(limiter.check(username: "ADA", address: nil) == .locked(retryAfter: .seconds(60)))
        #expect(limiter.check(username: "bob", address: "192.0.2.9") == .allowed)
        clock.advance(by: 59.5)
        #expect(limiter.check(username: "ada", address: nil) == .locked(retryAfter: .milliseconds(500)))
        clock.advance(by: 0.5)
        #expect(limiter.check(username: "ada", address: nil) == .allowed)
    }

    @Test func doublesTheLockoutWhileFailuresGoOnUpToTheMaximum() {
        let limiter = limiter()
        var expected: [Duration] = []
        var observed: [Duration] = []
        for round in 0..<8 {
            fail(limiter, 5, address: nil)
            expected.append(.seconds(min(60 << round, 3600)))
            if case .locked(let retryAfter) = limiter.check(username: "ada", address: nil) {
                observed.append(retryAfter)
                clock.advance(by: TimeInterval(retryAfter.components.seconds))
            }
        }
        #expect(observed == expected)
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        let limiter = limiter()
        fail(limiter, 4)
        clock.advance(by: 15 * 60)
        fail(limiter, 4)
        #expect(limiter.check(username: "ada", address: "192.0.2.1") == .allowed)
        fail(limiter, 1)
        #expect(limiter.check(username: "ada", address: "192.0.2.1") != .allowed)
    }

    @Test func aSuccessForgetsTheUsernamesFailuresButNotTheAddresses() {
        let limiter = limiter(LoginRateLimitPolicy(failuresPerUsername: 5, failuresPerAddress: 8))
        fail(limiter, 4)
        limiter.recordSuccess(username: "Ada", address: "192.0.2.1")
        fail(limiter, 4)
        #expect(limiter.check(username: "ada", address: "192.0.2.2") == .allowed)
        #expect(limiter.check(username: "carol", address: "192.0.2.1") == .locked(retryAfter: .seconds(60)))
    }

    @Test func locksAnAddressThatGuessesAtManyUsernames() {
        let limiter = limiter()
        for index in 0..<20 { limiter.recordFailure(username: "user\(index)", address: "198.51.100.7") }
        #expect(limiter.check(username: "someone-else", address: "198.51.100.7") == .locked(retryAfter: .seconds(60)))
        #expect(limiter.check(username: "someone-else", address: "198.51.100.8") == .allowed)
    }

    @Test func failuresDuringALockoutDoNotExtendIt() {
        let limiter = limiter()
        fail(limiter, 5, address: nil)
        clock.advance(by: 30)
        fail(limiter, 10, address: nil)
        #expect(limiter.check(username: "ada", address: nil) == .locked(retryAfter: .seconds(30)))
    }

    @Test func staysWithinItsMemoryBound() {
        let limiter = limiter(LoginRateLimitPolicy(maximumEntries: 100))
        for index in 0..<1_000 {
            limiter.recordFailure(username: "user\(index)", address: "10.0.\(index / 256).\(index % 256)")
            #expect(limiter.entryCount <= 100)
        }
    }

    @Test func evictsIdleUnlockedEntriesBeforeLockedOnes() {
        let limiter = limiter(LoginRateLimitPolicy(maximumEntries: 50))
        fail(limiter, 5, username: "target", address: nil)
        for index in 0..<500 { limiter.recordFailure(username: "flood\(index)", address: nil) }
        #expect(limiter.check(username: "target", address: nil) == .locked(retryAfter: .seconds(60)))
    }

    @Test func forgetsStaleEntriesWhenFull() {
        let limiter = limiter(LoginRateLimitPolicy(maximumEntries: 10))
        for index in 0..<10 { limiter.recordFailure(username: "old\(index)", address: nil) }
        clock.advance(by: 2 * 3600)
        limiter.recordFailure(username: "new", address: nil)
        #expect(limiter.entryCount == 1)
    }
}

@Suite struct LoginRateLimiterAttemptTests {
    let clock = ManualClock()

    @Test func attemptsInFlightCountAsFailures() {
        let limiter = LoginRateLimiter(clock: clock.wallClock)
        for _ in 0..<5 { #expect(limiter.beginAttempt(username: "ada", address: nil) == .allowed) }
        #expect(limiter.beginAttempt(username: "ada", address: nil) == .locked(retryAfter: .seconds(1)))
        limiter.endAttempt(username: "ada", address: nil, outcome: .succeeded)
        #expect(limiter.check(username: "ada", address: nil) == .allowed)
    }

    @Test func failedAttemptsLockWhenTheyEnd() {
        let limiter = LoginRateLimiter(clock: clock.wallClock)
        for _ in 0..<5 { _ = limiter.beginAttempt(username: "ada", address: "192.0.2.1") }
        for _ in 0..<5 { limiter.endAttempt(username: "ada", address: "192.0.2.1", outcome: .failed) }
        #expect(limiter.check(username: "ada", address: nil) == .locked(retryAfter: .seconds(60)))
    }

    @Test func undecidedAttemptsRecordNothing() {
        let limiter = LoginRateLimiter(clock: clock.wallClock)
        for _ in 0..<4 { limiter.recordFailure(username: "ada", address: nil) }
        for _ in 0..<3 {
            #expect(limiter.beginAttempt(username: "ada", address: nil) == .allowed)
            limiter.endAttempt(username: "ada", address: nil, outcome: .undecided)
        }
        #expect(limiter.check(username: "ada", address: nil) == .allowed)
    }

    @Test func abandonedAttemptsStopCountingAfterTheTimeout() {
        let limiter = LoginRateLimiter(clock: clock.wallClock)
        for _ in 0..<5 { _ = limiter.beginAttempt(username: "ada", address: nil) }
        #expect(limiter.check(username: "ada", address: nil) != .allowed)
        clock.advance(by: 60)
        #expect(limiter.check(username: "ada", address: nil) == .allowed)
    }
}

@Suite struct LoginRateLimiterKeyTests {
    @Test func countsHugeUsernamesByTheirFirst64Characters() {
        let limiter = LoginRateLimiter(clock: ManualClock().wallClock)
        let prefix = String(repeating: "a", count: 64)
        for index in 0..<5 {
            limiter.recordFailure(username: prefix + String(repeating: "b", count: index * 10_000), address: nil)
        }
        #expect(limiter.entryCount == 1)
        #expect(limiter.check(username: prefix.uppercased(), address: nil) != .allowed)
    }
}
