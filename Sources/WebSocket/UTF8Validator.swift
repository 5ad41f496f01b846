/// Checks UTF-8 as it arrives in pieces, remembering a code point cut between two pieces.
///
/// Strict in the way RFC 3629 is: it rejects overlong forms, surrogates (U+D800–U+DFFF), code points over U+10FFFF
/// and bytes that can never appear (0xC0, 0xC1, 0xF5–0xFF), as soon as the offending byte arrives.
struct UTF8Validator: Sendable {
    /// How many continuation bytes the current code point still needs.
    private var pending = 0
    /// The range the next continuation byte must fall in; narrower than 0x80...0xBF right after some lead bytes.
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// Whether the bytes so far end on a code point boundary.
    var isAtBoundary: Bool { pending == 0 }

    /// Consumes `bytes`; false as soon as they cannot continue valid UTF-8 (and the validator is then spent).
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            if pending == 0 {
                // ASCII runs are the common case: skip them eight bytes at a time.
                while index + 8 <= count,
                    bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                if byte < 0x80 { continue }
                guard startSequence(byte) else { return false }
            } else {
                let byte = bytes[index]
                index += 1
                guard byte >= lower && byte <= upper else { return false }
                lower = 0x80
                upper = 0xBF
                pending -= 1
            }
        }
        return true
    }

    /// Consumes `bytes`; false as soon as they cannot continue valid UTF-8.
    mutating func consume(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { consume($0) }
    }

    /// Starts a multi-byte sequence at lead byte `byte` (RFC 3629 §4, the UTF8-2 to UTF8-4 rules).
    private mutating func startSequence(_ byte: UInt8) -> Bool {
        switch byte {
        case 0xC2...0xDF: pending = 1
        case 0xE0:
            pending = 2
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: pending = 2
        case 0xED:
            pending = 2
            upper = 0x9F
        case 0xF0:
            pending = 3
            lower = 0x90
        case 0xF1...0xF3: pending = 3
        case 0xF4:
            pending = 3
            upper = 0x8F
        default: return false
        }
        return true
    }
}
