import Basics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An incremental HTTP/1.1 response parser (RFC 9112) with no I/O, for clients and proxies.
///
/// Use it like ``HTTPRequestParser``, passing the method of the request each response answers, since a HEAD or
/// CONNECT request changes how its response is framed. An interim 1xx response comes out as `.head` then `.end`,
/// and the final response follows. After a 101 Switching Protocols or a 2xx answer to CONNECT, stop calling
/// `next` and take the buffer's remaining bytes as the raw stream. When the connection closes, call ``finish()``:
/// it ends a body framed by the close, and reports a response cut short.
///
/// Every error it throws has the status 502 Bad Gateway, the answer a proxy gives for a broken upstream response.
public struct HTTPResponseParser: Sendable {
    private enum Phase: Sendable {
        case statusLine
        case headerLines
        case body
        case closed
        case failed(HTTPParseError)
    }

    /// The limits every message is held to.
    public let limits: HTTPParserLimits
    private var phase = Phase.statusLine
    private var lines = HTTPLineReader()
    private var emptyLineBytes = 0
    private var version = HTTPVersion.http11
    private var status = HTTPStatus.ok
    private var fields = HTTPFieldSection(.responseHeaders)
    private var body: HTTPBodyDecoder

    /// How the current response's body is framed; set when its `.head` is returned.
    public private(set) var bodyFraming = HTTPBodyFraming.none

    /// Creates a parser for one connection.
    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
        body = HTTPBodyDecoder(limits: limits)
    }

    /// Whether the parser is between responses with no part of the next one received.
    public var isIdle: Bool {
        if case .statusLine = phase { return !lines.hasPartialLine }
        return false
    }

    /// The trailer fields of the last chunked response, valid after its `.end`.
    public var trailers: HTTPHeaders { body.trailers }

    /// Parses the next event from the buffer's readable bytes, consuming what it used.
    ///
    /// - Parameters:
    ///   - buffer: the bytes read so far; a later call resumes where this one stopped, whatever the split.
    ///   - requestMethod: the method of the request this response answers.
    /// - Returns: the next event, or nil when more bytes are needed.
    /// - Throws: ``HTTPParseError`` (502) when the response is malformed or over a limit.
    public mutating func next(
        _ buffer: inout ByteBuffer, requestMethod: HTTPMethod
    ) throws(HTTPParseError) -> HTTPResponseEvent? {
        do throws(HTTPParseError) {
            switch phase {
            case .statusLine, .headerLines:
                let step = try buffer.withReadableUInt8s { bytes throws(HTTPParseError) in try self.parseHead(bytes) }
                buffer.moveReaderIndex(forwardBy: step.consumed)
                return step.finished ? .head(try finishHead(requestMethod: requestMethod)) : nil
            case .body:
                let step = try buffer.withReadableUInt8s { bytes throws(HTTPParseError) in try self.body.decode(bytes) }
                buffer.moveReaderIndex(forwardBy: step.consumed)
                if let bytes = step.bytes { return .body(bytes[...]) }
                guard step.finished else { return nil }
                phase = .statusLine
                return .end
            case .closed:
                return nil
            case .failed(let error):
                throw error
            }
        } catch {
            let upstream = error.status == .badGateway ? error : error.fromUpstream
            phase = .failed(upstream)
            throw upstream
        }
    }

    /// Tells the parser the connection closed; call it once `next` has returned nil for the last bytes read.
    ///
    /// - Returns: `.end` when the close ends a body framed by it, otherwise nil.
    /// - Throws: ``HTTPParseError`` when the close cut a response short.
    public mutating func finish() throws(HTTPParseError) -> HTTPResponseEvent? {
        switch phase {
        case .statusLine:
            phase = .closed
            if lines.hasPartialLine { return try fail("connection closed before the response head was complete") }
            return nil
        case .headerLines:
            return try fail("connection closed before the response head was complete")
        case .body:
            if body.isUntilClose {
                body.finishAtClose()
                phase = .closed
                return .end
            }
            if body.isExpectingBytes { return try fail("connection closed \(body.missingDescription)") }
            // The body is complete and only its `.end` is still to be returned.
            phase = .closed
            return .end
        case .closed:
            return nil
        case .failed(let error):
            throw error
        }
    }

    private mutating func fail(_ message: String) throws(HTTPParseError) -> HTTPResponseEvent? {
        let error = HTTPParseError(status: .badGateway, message: message)
        phase = .failed(error)
        throw error
    }

    private mutating func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParseStep {
        var position = 0
        while true {
            if case .statusLine = phase {
                guard
                    let line = try lines.line(
                        in: bytes, from: position, maxSize: limits.maxRequestLineBytes + 2,
                        tooLong: .badRequest("the status line is longer than \(limits.maxRequestLineBytes) bytes"),
                        what: "the status line")
                else { return HTTPParseStep(consumed: position) }
                position = line.next
                if line.isEmpty {
                    emptyLineBytes += 2
                    if emptyLineBytes > limits.maxRequestLineBytes {
                        throw .badRequest("too many empty lines before the status line")
                    }
                    continue
                }
                try parseStatusLine(line.content, in: bytes)
                phase = .headerLines
            } else {
                guard
                    let line = try lines.line(
                        in: bytes, from: position, maxSize: limits.maxHeaderBytes - fields.size,
                        tooLong: .badRequest("the header section is larger than \(limits.maxHeaderBytes) bytes"),
                        what: "a header line")
                else { return HTTPParseStep(consumed: position) }
                position = line.next
                if line.isEmpty { return HTTPParseStep(consumed: position, finished: true) }
                fields.size += line.size
                if fields.headers.count == limits.maxHeaderCount {
                    throw .badRequest("more than \(limits.maxHeaderCount) header fields")
                }
                try fields.add(line.content, in: bytes)
            }
        }
    }

    /// Parses `HTTP-version SP status-code SP [reason-phrase]`, also accepting no space after the code.
    private mutating func parseStatusLine(
        _ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) {
        guard let versionEnd = bytes.firstIndex(of: HTTPByte.space, in: line) else {
            throw .badRequest("status line \"\(bytes.excerpt(line))\" is not VERSION CODE REASON")
        }
        let parsedVersion = try HTTPStartLine.version(line.lowerBound..<versionEnd, in: bytes)
        let codeEnd = bytes.firstIndex(of: HTTPByte.space, in: (versionEnd + 1)..<line.upperBound) ?? line.upperBound
        let code = try HTTPStartLine.statusCode((versionEnd + 1)..<codeEnd, in: bytes)
        let reason = codeEnd < line.upperBound ? (codeEnd + 1)..<line.upperBound : line.upperBound..<line.upperBound
        if let bad = bytes.firstForbiddenInValue(reason) {
            throw .badRequest("the reason phrase has \(HTTPByte.describe(bytes[bad]))")
        }
        version = parsedVersion
        status = HTTPStatus(code: code, reasonPhrase: bytes.reasonPhrase(reason, code: code))
    }

    /// Checks the head as a whole and decides the body's framing (RFC 9112 §6.3).
    private mutating func finishHead(requestMethod: HTTPMethod) throws(HTTPParseError) -> HTTPResponseHead {
        if fields.hasTransferEncoding && fields.contentLength != nil {
            throw .badRequest("Content-Length and Transfer-Encoding both present")
        }
        let framing: HTTPBodyFraming
        if requestMethod == .head || status.forbidsBody {
            framing = .none
        } else if requestMethod == .connect && (200..<300).contains(status.code) {
            framing = .none
        } else if fields.hasTransferEncoding {
            if version == .http10 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 response") }
            try HTTPTransferCoding.validateResponse(fields.headers)
            framing = .chunked
        } else if let length = fields.contentLength {
            if length > limits.maxBodyBytes {
                throw .badRequest("Content-Length \(length) is larger than the limit of \(limits.maxBodyBytes) bytes")
            }
            framing = .length(length)
        } else {
            framing = .untilClose
        }
        let head = HTTPResponseHead(version: version, status: status, headers: fields.headers)
        fields = HTTPFieldSection(.responseHeaders)
        emptyLineBytes = 0
        bodyFraming = framing
        body.start(framing)
        phase = .body
        return head
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The reason phrase in `range`, sharing the standard phrase's storage when it is the one sent.
    func reasonPhrase(_ range: Range<Int>, code: Int) -> String {
        let standard = HTTPStatus.standardReasonPhrase(for: code)
        var standardUTF8 = standard
        let isStandard = standardUTF8.withUTF8 { expected in
            expected.count == range.count
                && (range.isEmpty || memcmp(baseAddress! + range.lowerBound, expected.baseAddress!, range.count) == 0)
        }
        return isStandard ? standard : string(range)
    }
}
