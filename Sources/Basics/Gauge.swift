import Synchronization

/// A Prometheus gauge: a value that goes up and down, such as running workspaces.
///
/// Get one from `MetricsRegistry.gauge(_:help:labels:)` once and keep it; updates are atomic.
public final class Gauge: Sendable {
    private let bits = Atomic<UInt64>(Double.zero.bitPattern)

    init() {}

    /// Replaces the value.
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds `amount`, 1 by default.
    public func increment(by amount: Double = 1) {
        bits.addDouble(amount)
    }

    /// Subtracts `amount`, 1 by default.
    public func decrement(by amount: Double = 1) {
        bits.addDouble(-amount)
    }

    /// The current value.
    public var value: Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }
}
