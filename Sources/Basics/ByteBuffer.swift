/// A growable byte buffer with separate reader and writer indices.
///
/// Sockets write into its free space and parsers consume from its readable bytes, so a connection reuses one
/// allocation for its whole life. Read bytes are discarded lazily, when they would otherwise force a reallocation.
public struct ByteBuffer: Sendable, Equatable {
    @usableFromInline var storage: [UInt8]
    /// The index of the first readable byte.
    public private(set) var readerIndex: Int
    /// The index one past the last readable byte.
    public private(set) var writerIndex: Int

    /// Creates an empty buffer.
    /// - Parameter capacity: the initial size of its storage.
    public init(capacity: Int = 0) {
        storage = [UInt8](repeating: 0, count: capacity)
        readerIndex = 0
        writerIndex = 0
    }

    /// Creates a buffer holding `bytes` as readable bytes.
    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        storage = Array(bytes)
        readerIndex = 0
        writerIndex = storage.count
    }

    /// Creates a buffer holding the UTF-8 bytes of `string`.
    public init(string: String) {
        self.init(bytes: string.utf8)
    }

    /// The number of bytes that can be read.
    @inlinable public var readableBytes: Int { writerIndex - readerIndex }

    /// Whether no bytes can be read.
    @inlinable public var isEmpty: Bool { writerIndex == readerIndex }

    /// The readable bytes, as a slice of the storage (indices are storage indices).
    public var readableView: ArraySlice<UInt8> { storage[readerIndex..<writerIndex] }

    /// The readable bytes, copied into an array.
    public var readableArray: [UInt8] { Array(storage[readerIndex..<writerIndex]) }

    /// The byte at `offset` from the reader index; the caller makes sure it is readable.
    @inlinable public func byte(at offset: Int) -> UInt8 { storage[readerIndex + offset] }

    /// Appends bytes at the writer index.
    public mutating func append<Bytes: Collection>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        let count = bytes.count
        reserveWritable(count)
        let start = writerIndex
        let copied: Bool? = bytes.withContiguousStorageIfAvailable { source in
            storage.withUnsafeMutableBufferPointer { destination in
                guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                (to + start).update(from: from, count: count)
            }
            return true
        }
        if copied == nil {
            var index = start
            for byte in bytes {
                storage[index] = byte
                index += 1
            }
        }
        writerIndex += count
    }

    /// Appends a buffer's readable bytes.
    public mutating func append(_ other: ByteBuffer) {
        append(contentsOf: other.readableView)
    }

    /// Appends the UTF-8 bytes of `string`.
    public mutating func append(string: String) {
        var string = string
        string.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends one byte.
    public mutating func append(_ byte: UInt8) {
        reserveWritable(1)
        storage[writerIndex] = byte
        writerIndex += 1
    }

    /// Lets `body` write up to the free space it is given and moves the writer index by what it returns.
    /// - Parameters:
    ///   - minimumWritableBytes: at least this much free space is made first.
    ///   - body: writes into the free space and returns how many bytes it wrote (or a negative value on error).
    /// - Returns: what `body` returned.
    @discardableResult
    public mutating func writeWithUnsafeMutableBytes(
        minimumWritableBytes: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Int
    ) rethrows -> Int {
        reserveWritable(minimumWritableBytes)
        let start = writerIndex
        let written = try storage.withUnsafeMutableBytes { raw in
            try body(UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
        }
        if written > 0 { writerIndex += written }
        return written
    }

    /// Gives `body` the readable bytes.
    public func withUnsafeReadableBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[readerIndex..<writerIndex]))
        }
    }

    /// Consumes `count` readable bytes.
    public mutating func moveReaderIndex(forwardBy count: Int) {
        precondition(count >= 0 && count <= readableBytes, "moved the reader index past the readable bytes")
        readerIndex += count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Reads and consumes `count` bytes, or returns nil when fewer are readable.
    public mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count <= readableBytes else { return nil }
        let bytes = Array(storage[readerIndex..<readerIndex + count])
        moveReaderIndex(forwardBy: count)
        return bytes
    }

    /// Reads and consumes every readable byte.
    public mutating func readAll() -> [UInt8] {
        let bytes = readableArray
        moveReaderIndex(forwardBy: bytes.count)
        return bytes
    }

    /// Empties the buffer, keeping its storage.
    public mutating func clear() {
        readerIndex = 0
        writerIndex = 0
    }

    /// Makes room for `count` more bytes: by moving the readable bytes to the front when that is enough, otherwise
    /// by moving them into storage at least twice as large.
    private mutating func reserveWritable(_ count: Int) {
        if storage.count - writerIndex >= count { return }
        let readable = readableBytes
        let start = readerIndex
        if start > 0 && storage.count - readable >= count {
            storage.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                base.copyMemory(from: base + start, byteCount: readable)
            }
            readerIndex = 0
            writerIndex = readable
            return
        }
        var capacity = Swift.max(storage.count * 2, 1024)
        while capacity < readable + count { capacity *= 2 }
        let old = storage
        storage = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            old.withUnsafeBufferPointer { source in
                if let from = source.baseAddress, readable > 0 { base.initialize(from: from + start, count: readable) }
            }
            (base + readable).initialize(repeating: 0, count: capacity - readable)
            initialized = capacity
        }
        readerIndex = 0
        writerIndex = readable
    }

    public static func == (lhs: ByteBuffer, rhs: ByteBuffer) -> Bool {
        lhs.readableView.elementsEqual(rhs.readableView)
    }
}
