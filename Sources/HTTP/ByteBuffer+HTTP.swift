import Basics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ByteBuffer {
    /// Gives `body` the readable bytes as `UInt8`s, passing its error through.
    ///
    /// The result is one concrete type, so that the call into Basics needs no generic metadata at run time.
    @inline(__always)
    func withReadableUInt8s(
        _ body: (UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParseStep
    ) throws(HTTPParseError) -> HTTPParseStep {
        var failure: HTTPParseError?
        let step = withUnsafeReadableBytes { raw in
            do throws(HTTPParseError) {
                // The storage is a [UInt8], so its memory is bound to UInt8 already.
                return try body(raw.assumingMemoryBound(to: UInt8.self))
            } catch {
                failure = error
                return HTTPParseStep(consumed: 0)
            }
        }
        if let failure { throw failure }
        return step
    }

    /// Appends `count` bytes that `body` writes at the pointer it is given.
    @inline(__always)
    mutating func appendBytes(count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        guard count > 0 else { return }
        writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            return count
        }
    }

    /// Appends the UTF-8 bytes of `string` with one copy.
    mutating func appendUTF8(_ string: String) {
        let utf8 = string.utf8
        appendBytes(count: utf8.count) { pointer in _ = utf8.copy(to: pointer) }
    }
}

/// What one parsing call over the readable bytes did.
struct HTTPParseStep {
    /// How many bytes to consume.
    var consumed: Int
    /// Body bytes decoded, if any.
    var bytes: [UInt8]? = nil
    /// Whether the head, or the body, is complete.
    var finished = false
}

extension String.UTF8View {
    /// Copies the bytes to `pointer` and returns how many were copied.
    @inline(__always)
    func copy(to pointer: UnsafeMutablePointer<UInt8>) -> Int {
        let copied = withContiguousStorageIfAvailable { bytes in
            if let base = bytes.baseAddress { pointer.update(from: base, count: bytes.count) }
            return bytes.count
        }
        if let copied { return copied }
        var index = 0
        for byte in self {
            pointer[index] = byte
            index += 1
        }
        return index
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes `range` copied into a new array.
    @inline(__always)
    func copyBytes(_ range: Range<Int>) -> [UInt8] {
        let base = baseAddress!
        return [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            buffer.baseAddress!.initialize(from: base + range.lowerBound, count: range.count)
            initialized = range.count
        }
    }

    /// The bytes `range` decoded as UTF-8 (invalid sequences become U+FFFD).
    @inline(__always)
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    /// The index of the first `byte` in `range`, or nil.
    @inline(__always)
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = baseAddress else { return nil }
        guard let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
