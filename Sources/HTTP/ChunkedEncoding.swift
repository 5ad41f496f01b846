import Basics

/// Writes a body in chunked transfer coding (RFC 9112 §7.1).
public enum ChunkedEncoding {
    /// Writes `bytes` as one chunk: the size in hex, CRLF, the data, CRLF.
    ///
    /// Writes nothing for empty `bytes`, since a chunk of size zero would end the body.
    public static func writeChunk(_ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer) {
        let count = bytes.count
        guard count > 0 else { return }
        let digits = (Int.bitWidth - count.leadingZeroBitCount + 3) / 4
        buffer.appendBytes(count: digits + 2) { pointer in
            for index in 0..<digits {
                let nibble = (count >> ((digits - 1 - index) * 4)) & 0xF
                pointer[index] = UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10)
            }
            pointer[digits] = HTTPByte.cr
            pointer[digits + 1] = HTTPByte.lf
        }
        let copied: Void? = bytes.withContiguousStorageIfAvailable { contiguous in
            buffer.appendBytes(count: count) { pointer in pointer.update(from: contiguous.baseAddress!, count: count) }
        }
        if copied == nil { buffer.append(contentsOf: bytes) }
        buffer.appendBytes(count: 2) { pointer in
            pointer[0] = HTTPByte.cr
            pointer[1] = HTTPByte.lf
        }
    }

    /// Writes the last chunk and an empty trailer section: `0\r\n\r\n`.
    public static func writeLastChunk(into buffer: inout ByteBuffer) {
        buffer.appendBytes(count: 5) { pointer in
            pointer[0] = 0x30
            pointer[1] = HTTPByte.cr
            pointer[2] = HTTPByte.lf
            pointer[3] = HTTPByte.cr
            pointer[4] = HTTPByte.lf
        }
    }

    /// Writes the last chunk followed by `trailers` and the empty line; check untrusted trailer names and values
    /// with ``HTTPHeaders/isValidName(_:)`` and ``HTTPHeaders/isValidValue(_:)`` first.
    public static func writeLastChunk(trailers: HTTPHeaders, into buffer: inout ByteBuffer) {
        buffer.appendUTF8("0\r\n")
        for field in trailers {
            buffer.appendUTF8(field.name)
            buffer.appendUTF8(": ")
            buffer.appendUTF8(field.value)
            buffer.appendUTF8("\r\n")
        }
        buffer.appendUTF8("\r\n")
    }
}
