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

    public init(
        failuresPerUsername: Int = 5, failuresPerAddress: Int = 20, window: TimeInterval = 15 * 60,
        firstLockout: TimeInterval = 60, maximumLockout: TimeInterval = 60 * 60, maximumEntries: Int = 10_000
    ) {
        self.failuresPerUsername = failuresPerUsername
        self.failuresPerAddress = failuresPerAddress
        self.window = window
        self.firstLockout = firstLockout
        self.maximumLockout = maximumLockout
        self.maximumEntries = maximumEntries
    }
}

/// Counts failed sign-ins per username and per client address, and locks out either one that fails too often:
/// by default 5 failures for a username (20 for an address) within 15 minutes lock it for a minute, then 2, 4, …
/// up to an hour while the failures go on.
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

    /// Whether an attempt for `username` from `address` may go ahead now.
    public func check(username: String, address: String?) -> Decision {
        let now = clock.now()
        let keys = Self.keys(username: username, address: address)
        let lockedUntil = entries.withLock { entries in
            keys.compactMap { entries[$0]?.lockedUntil }.filter { $0 > now }.max()
        }
        guard let lockedUntil else { return .allowed }
        let seconds = lockedUntil.timeIntervalSince(now)
        return .locked(retryAfter: .milliseconds(Int64((seconds * 1000).rounded(.up))))
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
            (entry.lockedUntil.map { $0 > now } ?? false) || now.timeIntervalSince(entry.lastActivity) < staleAfter
        }
        guard entries.count >= policy.maximumEntries else { return }
        let excess = entries.count - policy.maximumEntries + max(1, policy.maximumEntries / 10)
        let victims = entries.sorted { left, right in
            let leftLocked = left.value.lockedUntil.map { $0 > now } ?? false
            let rightLocked = right.value.lockedUntil.map { $0 > now } ?? false
            if leftLocked != rightLocked { return !leftLocked }
            return left.value.lastActivity < right.value.lastActivity
        }.prefix(excess)
        for victim in victims { entries.removeValue(forKey: victim.key) }
    }

    private static func keys(username: String, address: String?) -> [Key] {
        [.username(normalized(username))] + (address.map { [.address($0)] } ?? [])
    }

    /// Usernames are compared without regard to case, as the store does.
    private static func normalized(_ username: String) -> String {
        username.lowercased()
    }
}
