/// Takes a message body out of its framing: a fixed length, chunked coding with its trailers, or until close.
///
/// It consumes whatever body bytes have arrived, never more than the framing allows, and never waits to gather
/// more: a call returns the decoded bytes at hand (chunk data from several chunks is joined into one array).
struct HTTPBodyDecoder: Sendable {
    private enum Phase: Sendable, Equatable {
        case fixed(remaining: Int)
        case untilClose
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case done
    }

    private var phase: Phase = .done
    private var lines = HTTPLineReader()
    private var limits: HTTPParserLimits
    /// Body bytes announced or received so far, against `maxBodyBytes`.
    private var total = 0
    private var trailerSection = HTTPFieldSection(.trailers)
    /// An error found after decoding some data in the same call: the data is handed out first, then this is thrown,
    /// so the events before an error do not depend on how the input was split.
    private var pendingError: HTTPParseError?

    init(limits: HTTPParserLimits) { self.limits = limits }

    /// The trailer fields of a chunked body, once it has ended.
    var trailers: HTTPHeaders { trailerSection.headers }

    /// Whether the decoder is waiting for bytes the body still owes (so a closed connection cuts it short).
    var isExpectingBytes: Bool {
        switch phase {
        case .done, .untilClose: false
        default: true
        }
    }

    /// Whether the body runs until the connection closes.
    var isUntilClose: Bool { phase == .untilClose }

    /// A description of what is missing, for a connection closed too early.
    var missingDescription: String {
        switch phase {
        case .fixed(let remaining): "before the body's last \(remaining) bytes arrived"
        case .chunkData(let remaining): "before a chunk's last \(remaining) bytes arrived"
        case .chunkSize, .chunkDataEnd: "in the middle of the chunked body"
        case .trailers: "before the chunked body's trailer section ended"
        case .untilClose, .done: "after the body"
        }
    }

    /// Starts decoding a body framed by `framing`.
    mutating func start(_ framing: HTTPBodyFraming) {
        lines.reset()
        total = 0
        pendingError = nil
        if !trailerSection.headers.isEmpty || trailerSection.size > 0 {
            trailerSection = HTTPFieldSection(.trailers)
        }
        switch framing {
        case .none, .length(0): phase = .done
        case .length(let length): phase = .fixed(remaining: length)
        case .chunked: phase = .chunkSize
        case .untilClose: phase = .untilClose
        }
    }

    /// Marks an until-close body as ended by the connection closing.
    mutating func finishAtClose() { phase = .done }

    /// Decodes what `bytes` holds of the body.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParseStep {
        switch phase {
        case .done:
            return HTTPParseStep(consumed: 0, bytes: nil, finished: true)
        case .fixed(let remaining):
            let count = Swift.min(remaining, bytes.count)
            guard count > 0 else { return HTTPParseStep(consumed: 0, bytes: nil, finished: false) }
            phase = count == remaining ? .done : .fixed(remaining: remaining - count)
            return HTTPParseStep(consumed: count, bytes: bytes.copyBytes(0..<count), finished: false)
        case .untilClose:
            guard bytes.count > 0 else { return HTTPParseStep(consumed: 0, bytes: nil, finished: false) }
            // Hand out what fits first and refuse only the byte past the limit, so the bytes handed out before
            // the error do not depend on how the input was split.
            let count = Swift.min(bytes.count, limits.maxBodyBytes - total)
            guard count > 0 else {
                throw HTTPParseError(
                    status: .contentTooLarge, message: "the body is larger than \(limits.maxBodyBytes) bytes")
            }
            total += count
            return HTTPParseStep(consumed: count, bytes: bytes.copyBytes(0..<count), finished: false)
        default:
            return try decodeChunked(bytes)
        }
    }

    private mutating func decodeChunked(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParseStep {
        if let pendingError { throw pendingError }
        var position = 0
        var data: [UInt8] = []
        do throws(HTTPParseError) {
            try decodeChunks(bytes, position: &position, data: &data)
        } catch {
            if data.isEmpty { throw error }
            pendingError = error
        }
        let finished = phase == .done && data.isEmpty
        return HTTPParseStep(consumed: position, bytes: data.isEmpty ? nil : data, finished: finished)
    }

    /// Decodes chunks until the bytes run out or the body ends, collecting chunk data in `data`.
    private mutating func decodeChunks(
        _ bytes: UnsafeBufferPointer<UInt8>, position: inout Int, data: inout [UInt8]
    ) throws(HTTPParseError) {
        loop: while true {
            switch phase {
            case .chunkSize:
                guard
                    let line = try lines.line(
                        in: bytes, from: position, maxSize: limits.maxChunkLineBytes + 2,
                        tooLong: .badRequest("chunk-size line is longer than \(limits.maxChunkLineBytes) bytes"),
                        what: "a chunk-size line")
                else { break loop }
                let size = try Self.parseChunkSize(line.content, in: bytes)
                position = line.next
                if size == 0 {
                    phase = .trailers
                    continue loop
                }
                if size > limits.maxBodyBytes - total {
                    throw HTTPParseError(
                        status: .contentTooLarge,
                        message: "the chunked body is larger than \(limits.maxBodyBytes) bytes")
                }
                total += size
                phase = .chunkData(remaining: size)
            case .chunkData(let remaining):
                let count = Swift.min(remaining, bytes.count - position)
                guard count > 0 else { break loop }
                if data.isEmpty {
                    data = bytes.copyBytes(position..<position + count)
                } else {
                    data.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<position + count]))
                }
                position += count
                phase = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                let available = bytes.count - position
                guard available > 0 else { break loop }
                guard bytes[position] == HTTPByte.cr, available < 2 || bytes[position + 1] == HTTPByte.lf else {
                    throw .badRequest("chunk data is not followed by CRLF")
                }
                guard available >= 2 else { break loop }
                position += 2
                phase = .chunkSize
            case .trailers:
                guard
                    let line = try lines.line(
                        in: bytes, from: position, maxSize: limits.maxTrailerBytes - trailerSection.size,
                        tooLong: HTTPParseError(
                            status: .requestHeaderFieldsTooLarge,
                            message: "the trailer section is larger than \(limits.maxTrailerBytes) bytes"),
                        what: "a trailer line")
                else { break loop }
                position = line.next
                if line.isEmpty {
                    phase = .done
                    break loop
                }
                trailerSection.size += line.size
                if trailerSection.headers.count == limits.maxHeaderCount {
                    throw HTTPParseError(
                        status: .requestHeaderFieldsTooLarge,
                        message: "more than \(limits.maxHeaderCount) trailer fields")
                }
                try trailerSection.add(line.content, in: bytes)
            case .fixed, .untilClose, .done:
                break loop
            }
        }
    }

    /// Parses `1*HEXDIG [ chunk-ext ]` (RFC 9112 §7.1): at most 16 hex digits, then `;name[=value]` extensions with
    /// optional whitespace around `;` and `=`, values being tokens or quoted strings.
    static func parseChunkSize(_ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        var index = line.lowerBound
        var size: UInt64 = 0
        while index < line.upperBound, let digit = HTTPByte.hexValue(bytes[index]) {
            if index - line.lowerBound == 16 {
                throw .badRequest("chunk size \"\(bytes.excerpt(line))\" is longer than 16 hex digits")
            }
            size = size << 4 | UInt64(digit)
            index += 1
        }
        func invalid() -> HTTPParseError { .badRequest("invalid chunk size \"\(bytes.excerpt(line))\"") }
        if index == line.lowerBound { throw invalid() }
        if size > UInt64(Int.max) { throw .badRequest("chunk size \"\(bytes.excerpt(line))\" is too large") }
        while index < line.upperBound {
            while index < line.upperBound && HTTPByte.isWhitespace(bytes[index]) { index += 1 }
            guard index < line.upperBound, bytes[index] == HTTPByte.semicolon else { throw invalid() }
            index += 1
            while index < line.upperBound && HTTPByte.isWhitespace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < line.upperBound && HTTPByte.isToken(bytes[index]) { index += 1 }
            if index == nameStart { throw invalid() }
            var afterName = index
            while afterName < line.upperBound && HTTPByte.isWhitespace(bytes[afterName]) { afterName += 1 }
            guard afterName < line.upperBound, bytes[afterName] == HTTPByte.equals else {
                index = afterName
                continue
            }
            index = afterName + 1
            while index < line.upperBound && HTTPByte.isWhitespace(bytes[index]) { index += 1 }
            guard index < line.upperBound else { throw invalid() }
            if bytes[index] == HTTPByte.quote {
                guard let end = bytes.endOfQuotedString(from: index, in: line) else { throw invalid() }
                index = end
            } else {
                let valueStart = index
                while index < line.upperBound && HTTPByte.isToken(bytes[index]) { index += 1 }
                if index == valueStart { throw invalid() }
            }
        }
        return Int(size)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index after the quoted string that opens at `start`, or nil when it is malformed (RFC 9110 §5.6.4).
    func endOfQuotedString(from start: Int, in range: Range<Int>) -> Int? {
        var index = start + 1
        while index < range.upperBound {
            let byte = self[index]
            switch byte {
            case HTTPByte.quote:
                return index + 1
            case HTTPByte.backslash:
                guard index + 1 < range.upperBound else { return nil }
                let escaped = self[index + 1]
                if HTTPByte.isForbiddenInValue(escaped) { return nil }
                index += 2
            default:
                if HTTPByte.isForbiddenInValue(byte) { return nil }
                index += 1
            }
        }
        return nil
    }
}
