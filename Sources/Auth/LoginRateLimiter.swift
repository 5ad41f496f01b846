import Foundation
import Synchronization

/// How many failed sign-ins are tolerated, and how long they lock a username or a client address out.
public struct LoginRateLimitPolicy: Sendable, Equatable {
    /// Failures for one username within `window` that lock it.
    public var failuresPerUsername: Int
    /// Failures from one client address within `window` that lock it (higher: people share addresses).
    public var failuresPerAddress: Int
    /// How far back failures count.
    public var window: TimeInterval
    /// The first lockout's length; each further lockout of the same key doubles it, up to `maximumLockout`.
    public var firstLockout: TimeInterval
    public var maximumLockout: TimeInterval
    /// The most usernames and addresses remembered at once; the stalest are forgotten first.
    public var maximumEntries: Int
    /// How long an attempt begun with `beginAttempt` counts as in flight when it is never ended.
    public var attemptTimeout: TimeInterval

    public init(
        failuresPerUsername: Int = 5, failuresPerAddress: Int = 20, window: TimeInterval = 15 * 60,
        firstLockout: TimeInterval = 60, maximumLockout: TimeInterval = 60 * 60, maximumEntries: Int = 10_000,
        attemptTimeout: TimeInterval = 60
    ) {
        self.failuresPerUsername = failuresPerUsername
        self.failuresPerAddress = failuresPerAddress
        self.window = window
        self.firstLockout = firstLockout
        self.maximumLockout = maximumLockout
        self.maximumEntries = maximumEntries
        self.attemptTimeout = attemptTimeout
    }
}

/// Counts failed sign-ins per username and per client address, and locks out either one that fails too often:
/// by default 5 failures for a username (20 for an address) within 15 minutes lock it for a minute, then 2, 4, …
/// up to an hour while the failures go on.
///
/// Attempts in flight count as failures until they end (`beginAttempt`, then `endAttempt`), so that a burst of
/// parallel guesses cannot slip past the limit while the first ones are still being hashed.
///
/// It lives in memory (a restart forgets it) and remembers at most `maximumEntries` keys: when full it forgets keys
/// that are no longer locked and idle for longest, so memory stays bounded whatever an attacker sends.
public final class LoginRateLimiter: Sendable {
    /// Whether a sign-in attempt may go ahead.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused until `retryAfter` has passed.
        case locked(retryAfter: Duration)
    }

    private enum Key: Hashable {
        case username(String)
        case address(String)
    }

    private struct Entry {
        var failures: [Date] = []
        /// When each attempt still in flight began.
        var inFlight: [Date] = []
        var lockedUntil: Date?
        var lockouts = 0
        var lastActivity: Date
    }

    public let policy: LoginRateLimitPolicy
    private let clock: WallClock
    private let entries = Mutex<[Key: Entry]>([:])

    public init(policy: LoginRateLimitPolicy = LoginRateLimitPolicy(), clock: WallClock = .system) {
        self.policy = policy
        self.clock = clock
    }

    /// Whether an attempt for `username` from `address` may go ahead now (attempts in flight count as failures).
    public func check(username: String, address: String?) -> Decision {
        let now = clock.now()
        let keys = Self.keys(username: username, address: address)
        return entries.withLock { entries in decision(for: keys, in: &entries, now: now) }
    }

    /// Checks an attempt and, when it may go ahead, counts it as in flight until `endAttempt` (or, failing that,
    /// for `attemptTimeout`).
    public func beginAttempt(username: String, address: String?) -> Decision {
        let now = clock.now()
        let keys = Self.keys(username: username, address: address)
        return entries.withLock { entries in
            let decision = decision(for: keys, in: &entries, now: now)
            guard decision == .allowed else { return decision }
            for key in keys {
                if entries[key] == nil { makeRoom(in: &entries, now: now) }
                var entry = entries[key] ?? Entry(lastActivity: now)
                entry.inFlight.append(now)
                entry.lastActivity = now
                entries[key] = entry
            }
            return .allowed
        }
    }

    /// How an attempt ended.
    public enum Outcome: Sendable {
        case succeeded
        case failed
        /// Neither: the attempt could not be judged (the store failed), so nothing is recorded.
        case undecided
    }

    /// Ends an attempt begun with `beginAttempt`, recording its outcome.
    public func endAttempt(username: String, address: String?, outcome: Outcome) {
        let keys = Self.keys(username: username, address: address)
        entries.withLock { entries in
            for key in keys where entries[key]?.inFlight.isEmpty == false {
                entries[key]?.inFlight.removeFirst()
            }
        }
        switch outcome {
        case .succeeded: recordSuccess(username: username, address: address)
        case .failed: recordFailure(username: username, address: address)
        case .undecided: break
        }
    }

    private func decision(for keys: [Key], in entries: inout [Key: Entry], now: Date) -> Decision {
        var retryAfter: TimeInterval = 0
        for key in keys {
            guard var entry = entries[key] else { continue }
            if let lockedUntil = entry.lockedUntil, lockedUntil > now {
                retryAfter = max(retryAfter, lockedUntil.timeIntervalSince(now))
                continue
            }
            entry.inFlight.removeAll { now.timeIntervalSince($0) >= policy.attemptTimeout }
            let recent = entry.failures.filter { now.timeIntervalSince($0) < policy.window }.count
            if recent + entry.inFlight.count >= limit(for: key) {
                // Enough attempts are in flight to lock the key if they fail: wait for them.
                retryAfter = max(retryAfter, 1)
            }
            entries[key] = entry
        }
        guard retryAfter > 0 else { return .allowed }
        return .locked(retryAfter: .milliseconds(Int64((retryAfter * 1000).rounded(.up))))
    }

    /// Records a failed attempt for `username` from `address`.
    public func recordFailure(username: String, address: String?) {
        let now = clock.now()
        entries.withLock { entries in
            for key in Self.keys(username: username, address: address) {
                if entries[key] == nil { makeRoom(in: &entries, now: now) }
                var entry = entries[key] ?? Entry(lastActivity: now)
                entry.lastActivity = now
                if let lockedUntil = entry.lockedUntil, lockedUntil > now {
                    entries[key] = entry
                    continue
                }
                entry.failures.removeAll { now.timeIntervalSince($0) >= policy.window }
                entry.failures.append(now)
                if entry.failures.count >= limit(for: key) {
                    entry.lockouts += 1
                    let doubling = pow(2, Double(min(entry.lockouts - 1, 30)))
                    entry.lockedUntil = now.addingTimeInterval(
                        min(policy.firstLockout * doubling, policy.maximumLockout))
                    entry.failures.removeAll()
                }
                entries[key] = entry
            }
        }
    }

    /// Records a successful sign-in: the username's failures are forgotten. The address's are kept, so that one
    /// account an attacker owns does not reset the count for an address that guesses at others.
    public func recordSuccess(username: String, address: String?) {
        _ = entries.withLock { $0.removeValue(forKey: .username(Self.normalized(username))) }
    }

    /// How many usernames and addresses are remembered now.
    public var entryCount: Int { entries.withLock { $0.count } }

    private func limit(for key: Key) -> Int {
        switch key {
        case .username: policy.failuresPerUsername
        case .address: policy.failuresPerAddress
        }
    }

    /// Forgets entries until there is room for one more: first those that are stale (unlocked, and idle for longer
    /// than failures count), then the unlocked ones idle for longest, and only then locked ones.
    private func makeRoom(in entries: inout [Key: Entry], now: Date) {
        guard entries.count >= policy.maximumEntries else { return }
        let staleAfter = policy.window + policy.maximumLockout
        entries = entries.filter { _, entry in
            (entry.lockedUntil.map { $0 > now } ?? false) || !entry.inFlight.isEmpty
                || now.timeIntervalSince(entry.lastActivity) < staleAfter
        }
        guard entries.count >= policy.maximumEntries else { return }
        let excess = entries.count - policy.maximumEntries + max(1, policy.maximumEntries / 10)
        let victims = entries.sorted { left, right in
            let leftLocked = (left.value.lockedUntil.map { $0 > now } ?? false) || !left.value.inFlight.isEmpty
            let rightLocked = (right.value.lockedUntil.map { $0 > now } ?? false) || !right.value.inFlight.isEmpty
            if leftLocked != rightLocked { return !leftLocked }
            return left.value.lastActivity < right.value.lastActivity
        }.prefix(excess)
        for victim in victims { entries.removeValue(forKey: victim.key) }
    }

    private static func keys(username: String, address: String?) -> [Key] {
        [.username(normalized(username))] + (address.map { [.address($0)] } ?? [])
    }

    /// Usernames are compared without regard to case, as the store does, and cut to 64 characters (far longer than
    /// any valid username) so that nobody fills memory with huge names.
    private static func normalized(_ username: String) -> String {
        String(username.prefix(64)).lowercased()
    }
}
