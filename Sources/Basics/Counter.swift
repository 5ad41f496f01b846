import Synchronization

/// A Prometheus counter: a value that only goes up, such as requests served.
///
/// Get one from `MetricsRegistry.counter(_:help:labels:)` once and keep it; incrementing is a relaxed atomic add.
public final class Counter: Sendable {
    private let whole = Atomic<UInt64>(0)
    private let fraction = Atomic<UInt64>(Double.zero.bitPattern)

    init() {}

    /// Adds `amount`, 1 by default; negative amounts are ignored, since a counter never goes down.
    public func increment(by amount: Int = 1) {
        guard amount > 0 else { return }
        whole.wrappingAdd(UInt64(amount), ordering: .relaxed)
    }

    /// Adds a fractional `amount`, such as seconds spent; negative and non-finite amounts are ignored.
    public func increment(by amount: Double) {
        guard amount > 0, amount.isFinite else { return }
        fraction.addDouble(amount)
    }

    /// The current total.
    public var value: Double {
        Double(whole.load(ordering: .relaxed)) + Double(bitPattern: fraction.load(ordering: .relaxed))
    }
}

extension Atomic where Value == UInt64 {
    /// Adds to a `Double` stored as its bit pattern, with a compare-and-exchange loop.
    func addDouble(_ amount: Double) {
        var current = load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = compareExchange(
                expected: current, desired: next, successOrdering: .relaxed, failureOrdering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
