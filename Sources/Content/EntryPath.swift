/// An archive entry's path, checked to stay inside the extraction root and written in one canonical form.
///
/// Paths are bytes: names that are not UTF-8 are kept as they are. A restore makes one for every entry, so it keeps
/// the canonical bytes in one array and hashes them in one piece.
struct EntryPath: Hashable {
    /// The path in canonical form: its components, without empty and "." ones, joined by "/"; empty for the root.
    let bytes: [UInt8]
    /// Where each component ends in `bytes`.
    private let componentEnds: [Int]

    /// Why a path was refused.
    enum Refusal: Error {
        case absolute
        case parentComponent
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// Checks `raw`: refuses absolute paths and `..` components.
    init(_ raw: [UInt8]) throws(Refusal) {
        if raw.first == Self.slash { throw .absolute }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var ends: [Int] = []
        var start = 0
        while start <= raw.count {
            var end = start
            while end < raw.count && raw[end] != Self.slash { end += 1 }
            let length = end - start
            if length == 2 && raw[start] == Self.dot && raw[start + 1] == Self.dot { throw .parentComponent }
            if length > 0 && !(length == 1 && raw[start] == Self.dot) {
                if !bytes.isEmpty { bytes.append(Self.slash) }
                bytes.append(contentsOf: raw[start..<end])
                ends.append(bytes.count)
            }
            start = end + 1
        }
        self.bytes = bytes
        self.componentEnds = ends
    }

    /// Whether this is the root of the extraction.
    var isRoot: Bool { bytes.isEmpty }

    /// The canonical bytes of the directories this path goes through, outermost first (the path itself is not one
    /// of them), each passed to `body` without being copied; stops at the first for which `body` returns true.
    /// - Returns: the length of that directory's bytes, or nil.
    func firstAncestor(where body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            componentEnds.dropLast().first { body(UnsafeBufferPointer(rebasing: buffer[0..<$0])) }
        }
    }

    private init(bytes: [UInt8], componentEnds: [Int]) {
        self.bytes = bytes
        self.componentEnds = componentEnds
    }

    /// The directory made of the first `count` bytes, where one of its components ends (as `firstAncestor` gives).
    func prefix(_ count: Int) -> EntryPath {
        EntryPath(bytes: Array(bytes[0..<count]), componentEnds: componentEnds.filter { $0 <= count })
    }

    /// The path for messages (bytes that are not UTF-8 are replaced).
    var description: String { String(decoding: bytes, as: UTF8.self) }

    static func == (left: EntryPath, right: EntryPath) -> Bool {
        left.bytes == right.bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBufferPointer { Self.combine($0, into: &hasher) }
    }

    /// Hashes a path's bytes in one piece (an array of bytes would be hashed a byte at a time).
    static func combine(_ bytes: UnsafeBufferPointer<UInt8>, into hasher: inout Hasher) {
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    }

    /// The hash of canonical path bytes, the same as an `EntryPath` of them would have.
    static func hashValue(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        combine(bytes, into: &hasher)
        return hasher.finalize()
    }
}
