/// The byte classes of RFC 9110 and RFC 9112 that the parsers and validators test against.
enum HTTPByte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let comma: UInt8 = 0x2C
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let backslash: UInt8 = 0x5C

    /// Whether `byte` is a tchar: ``!#$%&'*+-.^_`|~``, a digit or a letter (RFC 9110 §5.6.2).
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        let mask: UInt64 = byte < 64 ? 0x03ff_6cfa_0000_0000 : 0x57ff_ffff_c7ff_fffe
        return byte < 128 && (mask >> UInt64(byte & 63)) & 1 == 1
    }

    /// Whether `byte` may not appear in a field value: a control character other than HTAB, or DEL (RFC 9110 §5.5).
    @inline(__always)
    static func isForbiddenInValue(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != tab) || byte == 0x7F
    }

    /// Whether `byte` is SP or HTAB, the whitespace allowed around field values and in chunk extensions.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte &- 0x30)
        case 0x41...0x46: Int(byte &- 0x41 &+ 10)
        case 0x61...0x66: Int(byte &- 0x61 &+ 10)
        default: nil
        }
    }

    /// Whether `byte` may appear in a host: unreserved, sub-delims, `%` (RFC 3986 §3.2.2), or `:` `[` `]` of an
    /// IP literal or port.
    @inline(__always)
    static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"): true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            true
        case UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
        default: false
        }
    }

    /// A byte spelled for a message: the character when printable, otherwise its hex code.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case cr: "a bare CR"
        case lf: "a bare LF"
        case 0: "NUL"
        case 0x21...0x7E: "\"\(Character(Unicode.Scalar(byte)))\""
        default: "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes in `range` equal the lowercase ASCII `lowercased`, ignoring the case of letters.
    /// Only for bytes already known to be token characters, where `| 0x20` cannot turn a non-letter into a letter.
    @inline(__always)
    func tokenEquals(_ range: Range<Int>, lowercased: StaticString) -> Bool {
        guard range.count == lowercased.utf8CodeUnitCount else { return false }
        let expected = lowercased.utf8Start
        var offset = 0
        for index in range {
            if self[index] | 0x20 != expected[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether every byte in `range` is a token character.
    @inline(__always)
    func isToken(_ range: Range<Int>) -> Bool {
        if range.isEmpty { return false }
        for index in range where !HTTPByte.isToken(self[index]) { return false }
        return true
    }
}
