/// The header (or trailer) fields of a message as they arrive, line by line, with the facts that decide framing.
///
/// Each field line is validated (RFC 9112 §5, RFC 9110 §5.5) and stored with its name as sent and its value without
/// surrounding whitespace. Host, Content-Length and Transfer-Encoding are recognised on the bytes, so framing needs
/// no second pass over the headers.
struct HTTPFieldSection: Sendable {
    var headers = HTTPHeaders()
    /// The bytes of the field lines so far, CRLFs included.
    var size = 0
    /// The Content-Length, once one was seen; repeats must agree.
    var contentLength: Int?
    var hasTransferEncoding = false
    var hostCount = 0

    /// Which section this is, and so which fields it recognises.
    enum Kind {
        /// Host, Content-Length and Transfer-Encoding are recognised.
        case requestHeaders
        /// Content-Length and Transfer-Encoding are recognised; Host means nothing in a response.
        case responseHeaders
        /// Nothing is recognised: trailer fields never frame a message.
        case trailers
    }

    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
        headers.fields.reserveCapacity(16)
    }

    /// Validates and stores the field line `line` (its content, without CRLF).
    mutating func add(_ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        let first = bytes[line.lowerBound]
        if HTTPByte.isWhitespace(first) {
            throw .badRequest("a header line starts with whitespace (obsolete line folding is not allowed)")
        }
        var nameEnd = line.lowerBound
        while nameEnd < line.upperBound && HTTPByte.isToken(bytes[nameEnd]) { nameEnd += 1 }
        guard nameEnd < line.upperBound else {
            throw .badRequest("header line \"\(bytes.excerpt(line))\" has no colon")
        }
        let stop = bytes[nameEnd]
        if stop != HTTPByte.colon {
            if HTTPByte.isWhitespace(stop) {
                throw .badRequest(
                    "header name \"\(bytes.excerpt(line.lowerBound..<nameEnd))\" has whitespace before the colon")
            }
            throw .badRequest("header name contains \(HTTPByte.describe(stop))")
        }
        let name = line.lowerBound..<nameEnd
        if name.isEmpty { throw .badRequest("header line \"\(bytes.excerpt(line))\" has an empty name") }

        var valueStart = nameEnd + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd && HTTPByte.isWhitespace(bytes[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && HTTPByte.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        let value = valueStart..<valueEnd
        if let bad = bytes.firstForbiddenInValue(value) {
            throw .badRequest("header \"\(bytes.string(name))\" has \(HTTPByte.describe(bytes[bad])) in its value")
        }

        if kind != .trailers { try recognise(name: name, value: value, in: bytes) }
        headers.fields.append((name: bytes.string(name), value: bytes.string(value)))
    }

    private mutating func recognise(
        name: Range<Int>, value: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) {
        switch name.count {
        case 4 where kind == .requestHeaders && bytes.tokenEquals(name, lowercased: "host"):
            hostCount += 1
            if hostCount > 1 { throw .badRequest("more than one Host header") }
            try HTTPHost.validate(value, in: bytes, what: "Host header")
        case 14 where bytes.tokenEquals(name, lowercased: "content-length"):
            let length = try Self.parseContentLength(value, in: bytes)
            if let contentLength, contentLength != length {
                throw .badRequest("conflicting Content-Length values \(contentLength) and \(length)")
            }
            contentLength = length
        case 17 where bytes.tokenEquals(name, lowercased: "transfer-encoding"):
            hasTransferEncoding = true
        default:
            break
        }
    }

    /// Parses a Content-Length value: one decimal number, or a list of the same number ("5, 5").
    static func parseContentLength(
        _ value: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) -> Int {
        var result: Int?
        var index = value.lowerBound
        repeat {
            while index < value.upperBound && HTTPByte.isWhitespace(bytes[index]) { index += 1 }
            var number = 0
            var digits = 0
            while index < value.upperBound && HTTPByte.isDigit(bytes[index]) {
                let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[index] &- 0x30))
                if overflow1 || overflow2 {
                    throw .badRequest("Content-Length \"\(bytes.excerpt(value))\" is too large a number")
                }
                number = sum
                digits += 1
                index += 1
            }
            while index < value.upperBound && HTTPByte.isWhitespace(bytes[index]) { index += 1 }
            let atSeparator = index == value.upperBound || bytes[index] == HTTPByte.comma
            guard digits > 0, atSeparator else {
                throw .badRequest("Content-Length \"\(bytes.excerpt(value))\" is not a decimal number")
            }
            if let result, result != number {
                throw .badRequest("conflicting Content-Length values \(result) and \(number)")
            }
            result = number
            index += 1
        } while index <= value.upperBound
        return result!
    }
}

/// Validation of hosts in Host headers and authority-form targets (RFC 3986 §3.2.2, RFC 9112 §3.2).
enum HTTPHost {
    /// Checks `host[:port]`, where host is a registered name or a bracketed IP literal. Empty is allowed (RFC 9112
    /// §3.2 asks for an empty Host when the target has no authority).
    static func validate(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, what: @autoclosure () -> String,
        requirePort: Bool = false
    ) throws(HTTPParseError) {
        if let problem = problem(range, in: bytes, requirePort: requirePort) {
            throw .badRequest("\(what()) \"\(bytes.excerpt(range))\" \(problem)")
        }
    }

    /// What is wrong with the host in `range`, or nil.
    private static func problem(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, requirePort: Bool
    ) -> String? {
        let invalid = "is not a valid host"
        for index in range where !HTTPByte.isHostByte(bytes[index]) { return invalid }
        var hostEnd = range.upperBound
        if range.first.map({ bytes[$0] }) == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]"), in: range) else { return invalid }
            for index in (range.lowerBound + 1)..<close where bytes[index] == UInt8(ascii: "[") { return invalid }
            hostEnd = close + 1
            guard hostEnd == range.upperBound || bytes[hostEnd] == HTTPByte.colon else { return invalid }
        } else {
            hostEnd = bytes.firstIndex(of: HTTPByte.colon, in: range) ?? range.upperBound
            for index in range.lowerBound..<hostEnd where bytes[index] == UInt8(ascii: "]") { return invalid }
        }
        if hostEnd == range.upperBound { return requirePort ? "has no port" : nil }
        let port = (hostEnd + 1)..<range.upperBound
        if hostEnd == range.lowerBound { return invalid }
        for index in port where !HTTPByte.isDigit(bytes[index]) { return invalid }
        if (requirePort && port.isEmpty) || port.count > 5 || bytes.decimal(port) > 65535 {
            return "has an invalid port"
        }
        return nil
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The first byte in `range` that a field value may not hold, or nil.
    @inline(__always)
    func firstForbiddenInValue(_ range: Range<Int>) -> Int? {
        // Accumulate without branching so the common, clean case vectorises; look for the culprit only when needed.
        var forbidden: UInt8 = 0
        for index in range {
            let byte = self[index]
            let control: UInt8 = byte < 0x20 ? 1 : 0
            let tab: UInt8 = byte == HTTPByte.tab ? 1 : 0
            let delete: UInt8 = byte == 0x7F ? 1 : 0
            forbidden |= (control ^ tab) | delete
        }
        guard forbidden != 0 else { return nil }
        return range.first { HTTPByte.isForbiddenInValue(self[$0]) }
    }

    /// Up to 40 bytes of `range` for an error message, with control characters escaped.
    func excerpt(_ range: Range<Int>) -> String {
        var text = ""
        for index in range.prefix(40) {
            let byte = self[index]
            if byte >= 0x20 && byte < 0x7F && byte != HTTPByte.quote && byte != HTTPByte.backslash {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return range.count > 40 ? text + "..." : text
    }

    /// The decimal number spelled by the digits in `range` (at most 18 of them).
    func decimal(_ range: Range<Int>) -> Int {
        range.reduce(0) { $0 * 10 + Int(self[$1] &- 0x30) }
    }
}
