/// A fixed block of memory, allocated once and never zeroed, that bytes are read into or gathered in: a backup reads
/// every file through one, and a restore gathers each file's blocks in one before it writes them.
final class RawBuffer {
    /// All of the memory.
    let storage: UnsafeMutableRawBufferPointer
    /// How many bytes `append` has gathered.
    var count = 0

    init(capacity: Int) {
        storage = .allocate(byteCount: capacity, alignment: 4096)
    }

    deinit {
        storage.deallocate()
    }

    var capacity: Int { storage.count }

    /// The bytes gathered so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    /// Appends `bytes`; the caller makes sure they fit.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (storage.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}

@available(*, unavailable, message: "a buffer is used by one thread")
extension RawBuffer: Sendable {}
