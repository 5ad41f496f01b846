import Foundation
import Synchronization

/// Sign-ins that were started and not yet completed, kept on the server by their `state`: each is taken once,
/// and only before it expires.
final class OIDCPendingLogins: Sendable {
    /// A started sign-in's secrets.
    struct Pending: Sendable {
        let nonce: String
        let codeVerifier: String
        let returnTo: String
        let expiresAt: Date
    }

    /// The most sign-ins kept at once; past it, the oldest are dropped, so that a flood of starts cannot fill memory.
    static let capacity = 10_000

    private let pending = Mutex<[String: Pending]>([:])

    /// Keeps `login` under `state`, dropping expired entries first.
    func insert(_ login: Pending, state: String, now: Date) {
        pending.withLock { pending in
            if pending.count >= Self.capacity {
                pending = pending.filter { $0.value.expiresAt > now }
                while pending.count >= Self.capacity,
                    let oldest = pending.min(by: { $0.value.expiresAt < $1.value.expiresAt })
                {
                    pending[oldest.key] = nil
                }
            }
            pending[state] = login
        }
    }

    /// Removes and returns the sign-in under `state`; nil when there is none or it expired.
    func take(state: String, now: Date) -> Pending? {
        let login = pending.withLock { $0.removeValue(forKey: state) }
        guard let login, login.expiresAt > now else { return nil }
        return login
    }

    var count: Int { pending.withLock { $0.count } }
}
