import Auth
import Crypto
import Foundation
import Synchronization

/// One-time sign-in codes for workspace hosts, and the host-only cookies they are exchanged for.
///
/// The dashboard host mints a code for a signed-in session and one target host; the target host redeems it once,
/// within `codeLifetime`, for a grant that becomes that host's cookie. Codes are 32 random bytes, kept in memory as
/// their SHA-256. The cookie carries its grant (user, session, host, expiry) signed with HMAC-SHA-256 under
/// `signingKey`, so that it outlives a restart of the server when the key does (the server keeps it in its data
/// directory): an IDE tab goes on working, and its terminals reconnect, across a restart. A grant stays tied to the
/// session that minted it, and the proxy checks that session on every request, so signing out ends workspace
/// access too.
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
        /// Sessions whose grants `revoke(sessionID:)` ended, until their grants would have expired.
        var revoked: [String: Date] = [:]
    }

    private let state = Mutex(State())
    private let clock: WallClock
    private let signingKey: [UInt8]
    /// How long a code may wait to be redeemed.
    public let codeLifetime: TimeInterval
    /// How long a host cookie lasts at most (the session must also still be valid).
    public let grantLifetime: TimeInterval
    /// The most codes or grants kept; beyond it the oldest-expiring are dropped.
    public let capacity: Int

    /// - Parameter signingKey: 32 bytes that sign the host cookies; a new random key (cookies end with the process)
    ///   when not given.
    public init(
        signingKey: [UInt8] = SecureRandom.bytes(count: 32), clock: WallClock = .system,
        codeLifetime: TimeInterval = 60, grantLifetime: TimeInterval = 12 * 3600, capacity: Int = 100_000
    ) {
        precondition(signingKey.count == 32, "a host cookie signing key has 32 bytes")
        self.signingKey = signingKey
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

    /// Redeems `code` at `host`: the cookie value and its grant, or nil when the code is unknown, used, expired or
    /// meant for another host. A code is gone after its first presentation, whatever the outcome.
    public func redeem(code: String, host: String) -> (cookieValue: String, grant: Grant)? {
        guard Self.isSecret(code) else { return nil }
        let now = clock.now()
        let minted = state.withLock { state -> Grant? in
            guard let minted = state.codes.removeValue(forKey: Self.hash(code)), minted.host == host,
                now < minted.expiresAt
            else { return nil }
            return minted
        }
        guard let minted else { return nil }
        // Whole seconds, as the cookie carries them.
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + grantLifetime).rounded(.down))
        let grant = Grant(userID: minted.userID, sessionID: minted.sessionID, host: host, expiresAt: expiresAt)
        return (cookieValue(for: grant), grant)
    }

    /// The grant behind a host cookie's value presented at `host`, or nil when its signature is wrong, or it is
    /// expired, revoked or for another host.
    public func grant(cookieValue: String, host: String) -> Grant? {
        let parts = cookieValue.split(separator: ".", omittingEmptySubsequences: false)
        guard cookieValue.utf8.count <= 2048, parts.count == 2, let payload = [UInt8](hexString: parts[0]),
            let signature = [UInt8](hexString: parts[1]),
            constantTimeEquals(signature, HMAC.sha256(key: signingKey, message: payload))
        else { return nil }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == Self.cookieVersion, let seconds = Int64(fields[4]) else { return nil }
        let grant = Grant(
            userID: String(fields[1]), sessionID: String(fields[2]), host: String(fields[3]),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let now = clock.now()
        guard grant.host == host, now < grant.expiresAt else { return nil }
        guard state.withLock({ $0.revoked[grant.sessionID] == nil }) else { return nil }
        return grant
    }

    /// Ends every grant minted by the session `sessionID` (at sign-out), and its codes.
    public func revoke(sessionID: String) {
        let until = clock.now().addingTimeInterval(grantLifetime)
        state.withLock { state in
            state.codes = state.codes.filter { $0.value.sessionID != sessionID }
            state.revoked = state.revoked.filter { $0.value > clock.now() }
            state.revoked[sessionID] = until
        }
    }

    /// What the cookie's payload starts with; a new format gets a new version, and old cookies are refused.
    private static let cookieVersion = "v1"

    /// `hex(payload).hex(HMAC-SHA-256(payload))`, the payload being the version, user, session, host and expiry
    /// (Unix seconds), one per line: only hex digits and a dot, as a cookie value may hold.
    private func cookieValue(for grant: Grant) -> String {
        let fields = [
            Self.cookieVersion, grant.userID, grant.sessionID, grant.host,
            String(Int64(grant.expiresAt.timeIntervalSince1970)),
        ]
        let payload = Array(fields.joined(separator: "\n").utf8)
        return payload.hexString + "." + HMAC.sha256(key: signingKey, message: payload).hexString
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
