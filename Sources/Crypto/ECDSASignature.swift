/// Converts ECDSA signatures between JOSE's raw `r || s` form (RFC 7518 §3.4) and the DER `ECDSA-Sig-Value`
/// (`SEQUENCE { INTEGER r, INTEGER s }`) that libcrypto reads and writes.
public enum ECDSASignature {
    /// The DER encoding of a raw signature of two `coordinateLength`-byte integers; nil when its length is wrong.
    public static func der(fromRaw raw: [UInt8], coordinateLength: Int) -> [UInt8]? {
        guard coordinateLength > 0, coordinateLength <= 66, raw.count == 2 * coordinateLength else { return nil }
        let integers = [raw[..<coordinateLength], raw[coordinateLength...]].map { value -> [UInt8] in
            var digits = Array(value.drop(while: { $0 == 0 }))
            if digits.isEmpty || digits[0] & 0x80 != 0 { digits.insert(0, at: 0) }
            return [0x02] + length(digits.count) + digits
        }
        let body = integers[0] + integers[1]
        return [0x30] + length(body.count) + body
    }

    /// The raw `r || s` form of a DER signature, each integer left-padded to `coordinateLength` bytes; nil when the
    /// DER is malformed or an integer does not fit.
    public static func raw(fromDER der: [UInt8], coordinateLength: Int) -> [UInt8]? {
        var reader = DERReader(bytes: der)
        guard let sequence = reader.read(tag: 0x30), reader.isAtEnd else { return nil }
        var inner = DERReader(bytes: sequence)
        var output: [UInt8] = []
        for _ in 0..<2 {
            guard var integer = inner.read(tag: 0x02), !integer.isEmpty, integer[0] & 0x80 == 0 else { return nil }
            if integer.count > 1 && integer[0] == 0 { integer.removeFirst() }
            guard integer.count <= coordinateLength else { return nil }
            output += [UInt8](repeating: 0, count: coordinateLength - integer.count) + integer
        }
        return inner.isAtEnd ? output : nil
    }

    private static func length(_ count: Int) -> [UInt8] {
        count < 0x80 ? [UInt8(count)] : [0x81, UInt8(count)]
    }

    /// Reads tag-length-value items with one- or two-byte lengths (all an ECDSA signature needs).
    private struct DERReader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func read(tag: UInt8) -> [UInt8]? {
            guard index + 2 <= bytes.count, bytes[index] == tag else { return nil }
            var length = Int(bytes[index + 1])
            index += 2
            if length == 0x81 {
                guard index < bytes.count, bytes[index] >= 0x80 else { return nil }
                length = Int(bytes[index])
                index += 1
            } else if length >= 0x80 {
                return nil
            }
            guard index + length <= bytes.count else { return nil }
            defer { index += length }
            return Array(bytes[index..<index + length])
        }
    }
}
