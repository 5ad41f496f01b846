/// The last bytes a terminal printed, kept so that a client attaching later sees what came before.
public struct Scrollback: Sendable {
    /// How many bytes are kept at most.
    public let capacity: Int
    private var storage: [UInt8] = []

    public init(capacity: Int = 256 << 10) {
        self.capacity = capacity
        storage.reserveCapacity(capacity)
    }

    /// Appends output, dropping the oldest bytes beyond the capacity.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.count >= capacity {
            storage = Array(bytes.suffix(capacity))
            return
        }
        let excess = storage.count + bytes.count - capacity
        if excess > 0 { storage.removeFirst(excess) }
        storage.append(contentsOf: bytes)
    }

    /// The kept bytes, oldest first.
    public var bytes: [UInt8] { storage }
}
