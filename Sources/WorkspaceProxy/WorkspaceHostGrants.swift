import Auth
import Crypto
import Foundation
import Synchronization

/// One-time sign-in codes for workspace hosts, and the host-only cookies they are exchanged for.
///
/// The dashboard host mints a code for a signed-in session and one target host; the target host redeems it once,
/// within `codeLifetime`, for a grant whose secret becomes that host's cookie. Codes and cookie secrets are 32
/// random bytes; only their SHA-256 is kept. A grant stays tied to the session that minted it, so signing out
/// ends workspace access too. Grants live in memory: after a restart a browser simply passes through the code
/// redirect again.
public final class WorkspaceHostGrants: Sendable {
    /// Who a code or cookie stands for, and for which host.
    public struct Grant: Sendable, Equatable {
        public let userID: String
        /// The stored ID of the dashboard session that minted it.
        public let sessionID: String
        /// The workspace host name (no port) it is valid for.
        public let host: String
        public let expiresAt: Date
    }

    private struct State {
        var codes: [String: Grant] = [:]
        var grants: [String: Grant] = [:]
    }

    private let state = Mutex(State())
    private let clock: WallClock
    /// How long a code may wait to be redeemed.
    public let codeLifetime: TimeInterval
    /// How long a host cookie lasts at most (the session must also still be valid).
    public let grantLifetime: TimeInterval
    /// The most codes or grants kept; beyond it the oldest-expiring are dropped.
    public let capacity: Int

    public init(
        clock: WallClock = .system, codeLifetime: TimeInterval = 60, grantLifetime: TimeInterval = 12 * 3600,
        capacity: Int = 100_000
    ) {
        self.clock = clock
        self.codeLifetime = codeLifetime
        self.grantLifetime = grantLifetime
        self.capacity = capacity
    }

    /// A new single-use code for `userID`'s session `sessionID` and the workspace host `host`.
    public func mintCode(userID: String, sessionID: String, host: String) -> String {
        let code = SecureRandom.bytes(count: 32).hexString
        let now = clock.now()
        let grant = Grant(
            userID: userID, sessionID: sessionID, host: host, expiresAt: now.addingTimeInterval(codeLifetime))
        state.withLock { state in
            Self.prune(&state.codes, now: now, capacity: capacity)
            state.codes[Self.hash(code)] = grant
        }
        return code
    }

    /// Redeems `code` at `host`: the cookie secret and its grant, or nil when the code is unknown, used, expired
    /// or meant for another host. A code is gone after its first presentation, whatever the outcome.
    public func redeem(code: String, host: String) -> (cookieValue: String, grant: Grant)? {
        guard Self.isSecret(code) else { return nil }
        let now = clock.now()
        return state.withLock { state -> (String, Grant)? in
            guard let minted = state.codes.removeValue(forKey: Self.hash(code)), minted.host == host,
                now < minted.expiresAt
            else { return nil }
            let secret = SecureRandom.bytes(count: 32).hexString
            let grant = Grant(
                userID: minted.userID, sessionID: minted.sessionID, host: host,
                expiresAt: now.addingTimeInterval(grantLifetime))
            Self.prune(&state.grants, now: now, capacity: capacity)
            state.grants[Self.hash(secret)] = grant
            return (secret, grant)
        }
    }

    /// The grant behind a host cookie's value presented at `host`, or nil when it is unknown, expired or for
    /// another host.
    public func grant(cookieValue: String, host: String) -> Grant? {
        guard Self.isSecret(cookieValue) else { return nil }
        let now = clock.now()
        return state.withLock { state in
            guard let grant = state.grants[Self.hash(cookieValue)], grant.host == host, now < grant.expiresAt else {
                return nil
            }
            return grant
        }
    }

    /// Ends every grant minted by the session `sessionID` (at sign-out).
    public func revoke(sessionID: String) {
        state.withLock { state in
            state.grants = state.grants.filter { $0.value.sessionID != sessionID }
            state.codes = state.codes.filter { $0.value.sessionID != sessionID }
        }
    }

    private static func isSecret(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    private static func hash(_ secret: String) -> String { SHA256.hash(Array(secret.utf8)).hexString }

    private static func prune(_ entries: inout [String: Grant], now: Date, capacity: Int) {
        entries = entries.filter { now < $0.value.expiresAt }
        guard entries.count >= capacity else { return }
        let oldest = entries.sorted { $0.value.expiresAt < $1.value.expiresAt }.prefix(entries.count - capacity + 1)
        for (key, _) in oldest { entries.removeValue(forKey: key) }
    }
}
