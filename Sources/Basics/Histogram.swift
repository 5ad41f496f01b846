import Synchronization

/// A Prometheus histogram: counts of observations in buckets, with their sum, such as request latencies.
///
/// Get one from `MetricsRegistry.histogram(_:help:labels:buckets:)` once and keep it. An observation takes a lock
/// that only this series' observers and `render()` share, so the buckets, sum and count always agree.
public final class Histogram: Sendable {
    /// Prometheus' default latency buckets, in seconds: 5 ms to 10 s.
    public static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The buckets' upper bounds, increasing; `+Inf` is implied.
    public let buckets: [Double]
    private let state: Mutex<State>

    struct State: Sendable {
        /// Observations per bucket, not cumulative; the last entry is the `+Inf` bucket.
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    /// A consistent reading of the histogram.
    public struct Snapshot: Sendable, Equatable {
        /// Cumulative counts per bucket, one per bound and then `+Inf`.
        public var cumulativeCounts: [UInt64]
        /// The sum of every observation.
        public var sum: Double
        /// How many observations there were.
        public var count: UInt64
    }

    init(buckets: [Double]) {
        self.buckets = buckets
        state = Mutex(State(counts: [UInt64](repeating: 0, count: buckets.count + 1)))
    }

    /// Records one observation in the first bucket whose bound is at least `value`.
    public func observe(_ value: Double) {
        let index = buckets.firstIndex { value <= $0 } ?? buckets.count
        state.withLock { state in
            state.counts[index] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Records a duration in seconds.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) * 1e-18)
    }

    /// The current counts, sum and count, read together.
    public var snapshot: Snapshot {
        let state = state.withLock { $0 }
        var running: UInt64 = 0
        let cumulative = state.counts.map { count in
            running += count
            return running
        }
        return Snapshot(cumulativeCounts: cumulative, sum: state.sum, count: state.count)
    }

    /// Whether `buckets` can bound a histogram: finite, strictly increasing, and not empty.
    static func areValid(_ buckets: [Double]) -> Bool {
        !buckets.isEmpty && buckets.allSatisfy(\.isFinite) && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }
    }
}
