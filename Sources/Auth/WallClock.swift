import Foundation

/// Where the auth types read the time: the system clock, or a clock a test moves by hand.
///
/// Expiry times are stored as dates, so this is a wall clock rather than a monotonic one.
public struct WallClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date

    /// A clock that reads `now`.
    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system's clock.
    public static let system = WallClock { Date() }
}
