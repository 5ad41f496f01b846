/// The user-namespace mapping of a workspace container: container id `n` is host id `offset + n`, for `n` below
/// `count`.
///
/// Backups record container ids, so that a backup restores into a container with a different mapping. An id outside
/// the mapped range becomes the container's root (host id `offset`), and is reported.
public struct IDShift: Sendable, Hashable {
    /// The host id of the container's root.
    public var offset: Int64
    /// How many ids are mapped.
    public var count: Int64

    public init(offset: Int64, count: Int64 = 65536) {
        self.offset = offset
        self.count = count
    }

    /// The container id of host id `hostID`, or nil when it is outside the mapped range.
    public func containerID(forHost hostID: Int64) -> Int64? {
        let containerID = hostID - offset
        return (0..<count).contains(containerID) ? containerID : nil
    }

    /// The host id of container id `containerID`, or nil when it is outside the mapped range.
    public func hostID(forContainer containerID: Int64) -> Int64? {
        (0..<count).contains(containerID) ? offset + containerID : nil
    }
}
