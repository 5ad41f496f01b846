#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parsing of the pieces of request lines and status lines (RFC 9112 §3, §4).
enum HTTPStartLine {
    /// The method token in `range`, reusing the shared value for common methods.
    static func method(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPMethod {
        guard bytes.isToken(range) else {
            throw .badRequest("method \"\(bytes.excerpt(range))\" is not a token")
        }
        let known: HTTPMethod? =
            switch range.count {
            case 3: bytes.equals(range, "GET") ? .get : bytes.equals(range, "PUT") ? .put : nil
            case 4: bytes.equals(range, "POST") ? .post : bytes.equals(range, "HEAD") ? .head : nil
            case 5: bytes.equals(range, "PATCH") ? .patch : bytes.equals(range, "TRACE") ? .trace : nil
            case 6: bytes.equals(range, "DELETE") ? .delete : nil
            case 7: bytes.equals(range, "OPTIONS") ? .options : bytes.equals(range, "CONNECT") ? .connect : nil
            default: nil
            }
        return known ?? HTTPMethod(rawValue: bytes.string(range))
    }

    /// Parses `HTTP/x.y`: HTTP/1.0 and HTTP/1.1 are spoken, other well-formed versions get 505.
    static func version(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion
    {
        let start = range.lowerBound
        guard range.count == 8, bytes.equals(start..<start + 5, "HTTP/"), HTTPByte.isDigit(bytes[start + 5]),
            bytes[start + 6] == UInt8(ascii: "."), HTTPByte.isDigit(bytes[start + 7])
        else {
            throw .badRequest("\"\(bytes.excerpt(range))\" is not an HTTP version")
        }
        let version = HTTPVersion(major: Int(bytes[start + 5] &- 0x30), minor: Int(bytes[start + 7] &- 0x30))
        guard version == .http11 || version == .http10 else {
            throw HTTPParseError(status: .httpVersionNotSupported, message: "\(version) is not supported")
        }
        return version
    }

    /// Checks a request target against the form `method` needs (RFC 9112 §3.2): origin-form `/path?query`,
    /// absolute-form `scheme://authority...`, authority-form `host:port` for CONNECT only, `*` for OPTIONS only.
    static func validateTarget(
        _ range: Range<Int>, method: HTTPMethod, in bytes: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) {
        var invalid: UInt8 = 0
        for index in range {
            // Branch-free, so that the loop vectorises.
            let byte = bytes[index]
            let outside: UInt8 = byte &- 0x21 > 0x7E - 0x21 ? 1 : 0
            let hash: UInt8 = byte == HTTPByte.hash ? 1 : 0
            invalid |= outside | hash
        }
        if invalid != 0, let bad = range.first(where: { bytes[$0] <= 0x20 || bytes[$0] >= 0x7F || bytes[$0] == 0x23 }) {
            throw .badRequest("request target contains \(HTTPByte.describe(bytes[bad]))")
        }
        let first = bytes[range.lowerBound]
        if method == .connect {
            if first == HTTPByte.slash || bytes.hasScheme(range) {
                throw .badRequest("a CONNECT request target must be host:port")
            }
            try HTTPHost.validate(range, in: bytes, what: "CONNECT target", requirePort: true)
            return
        }
        if first == HTTPByte.slash { return }
        if range.count == 1 && first == UInt8(ascii: "*") {
            guard method == .options else {
                throw .badRequest("the request target \"*\" is only allowed with OPTIONS")
            }
            return
        }
        if bytes.hasScheme(range) { return }
        throw .badRequest(
            "request target \"\(bytes.excerpt(range))\" is neither a path starting with \"/\" nor an absolute URL")
    }

    /// Parses a three-digit status code from 100 to 599.
    static func statusCode(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        guard range.count == 3, range.allSatisfy({ HTTPByte.isDigit(bytes[$0]) }) else {
            throw .badRequest("status code \"\(bytes.excerpt(range))\" is not three digits")
        }
        let code = bytes.decimal(range)
        guard (100...599).contains(code) else { throw .badRequest("status code \(code) is out of range") }
        return code
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes in `range` are exactly `text`.
    @inline(__always)
    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount, let base = baseAddress else { return false }
        return memcmp(base + range.lowerBound, text.utf8Start, range.count) == 0
    }

    /// Whether `range` starts with `scheme://` and something after it (an absolute-form target).
    func hasScheme(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        guard index < range.upperBound, (self[index] | 0x20) &- 0x61 < 26 else { return false }
        index += 1
        while index < range.upperBound {
            let byte = self[index]
            let isSchemeByte =
                (byte | 0x20) &- 0x61 < 26 || HTTPByte.isDigit(byte) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            if !isSchemeByte { break }
            index += 1
        }
        return range.upperBound - index > 3 && self[index] == HTTPByte.colon && self[index + 1] == HTTPByte.slash
            && self[index + 2] == HTTPByte.slash
    }
}
