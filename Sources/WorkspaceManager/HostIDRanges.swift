/// The host id ranges that workspace containers' user namespaces map to: slices of the `containers` user's
/// subordinate ids (`/etc/subuid`, `/etc/subgid`), one slice per live instance, never shared.
public struct HostIDRanges: Sendable, Hashable {
    /// The first subordinate id.
    public var start: Int
    /// How many subordinate ids there are.
    public var count: Int
    /// How many ids each container maps (65536: every uid a Linux image may use).
    public var sliceSize: Int

    /// The ranges within `start..<start+count`; the defaults match `containers:200000:1000000`.
    public init(start: Int = 200_000, count: Int = 1_000_000, sliceSize: Int = 65_536) {
        self.start = start
        self.count = count
        self.sliceSize = max(1, sliceSize)
    }

    /// How many containers can have a slice at once.
    public var capacity: Int { max(0, count / sliceSize) }

    /// The first slice (its host offset) that overlaps none of `used`, or nil when all are taken.
    /// - Parameter used: the offsets of the slices live instances hold.
    public func firstFree(excluding used: Set<Int>) -> Int? {
        (0..<capacity).lazy.map { start + $0 * sliceSize }.first { isFree($0, excluding: used) }
    }

    /// Whether `offset` starts one of the slices and overlaps none of `used`.
    public func isFree(_ offset: Int, excluding used: Set<Int>) -> Bool {
        offset >= start && (offset - start) % sliceSize == 0 && (offset - start) / sliceSize < capacity
            && !used.contains { other in other < offset + sliceSize && offset < other + sliceSize }
    }
}
