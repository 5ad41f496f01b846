import Basics

/// An incremental, strict HTTP/1.1 request parser (RFC 9112) with no I/O.
///
/// Feed it the bytes a connection reads, in pieces of any size, and call ``next(_:)`` until it returns nil:
///
/// ```swift
/// while let event = try parser.next(&buffer) {
///     switch event {
///     case .head(let head): ...
///     case .body(let bytes): ...
///     case .end: ...
///     }
/// }
/// ```
///
/// Pipelined requests come out one after another. After a CONNECT request (whose `.head` is followed at once by
/// `.end`) or an accepted protocol upgrade, stop calling `next` and take the buffer's remaining readable bytes as the
/// first bytes of the raw stream. A refused request makes `next` throw an ``HTTPParseError`` naming the status to
/// answer with; the connection should then be closed, and later calls throw the same error.
public struct HTTPRequestParser: Sendable {
    private enum Phase: Sendable {
        case requestLine
        case headerLines
        case body
        case failed(HTTPParseError)
    }

    /// The limits every message is held to.
    public let limits: HTTPParserLimits
    private var phase = Phase.requestLine
    private var lines = HTTPLineReader()
    /// Bytes of empty lines skipped before the request line.
    private var emptyLineBytes = 0
    private var method = HTTPMethod.get
    private var target = ""
    private var version = HTTPVersion.http11
    private var fields = HTTPFieldSection(.requestHeaders)
    private var body: HTTPBodyDecoder

    /// How the current request's body is framed; set when its `.head` is returned.
    public private(set) var bodyFraming = HTTPBodyFraming.none

    /// Creates a parser for one connection.
    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
        body = HTTPBodyDecoder(limits: limits)
    }

    /// Whether the parser is between requests with no part of the next one received, so that a connection closing
    /// or timing out now interrupts nothing.
    public var isIdle: Bool {
        if case .requestLine = phase { return !lines.hasPartialLine }
        return false
    }

    /// The trailer fields of the last chunked request, valid after its `.end`.
    public var trailers: HTTPHeaders { body.trailers }

    /// Parses the next event from the buffer's readable bytes, consuming what it used.
    ///
    /// - Parameter buffer: the bytes read so far; a partial line or chunk is left unconsumed only as far as needed,
    ///   and a later call resumes where this one stopped, whatever the split.
    /// - Returns: the next event, or nil when more bytes are needed.
    /// - Throws: ``HTTPParseError`` when the request must be refused.
    public mutating func next(_ buffer: inout ByteBuffer) throws(HTTPParseError) -> HTTPRequestEvent? {
        do throws(HTTPParseError) {
            switch phase {
            case .requestLine, .headerLines:
                let step = try buffer.withReadableUInt8s { bytes throws(HTTPParseError) in try self.parseHead(bytes) }
                buffer.moveReaderIndex(forwardBy: step.consumed)
                return step.finished ? .head(try finishHead()) : nil
            case .body:
                let step = try buffer.withReadableUInt8s { bytes throws(HTTPParseError) in try self.body.decode(bytes) }
                buffer.moveReaderIndex(forwardBy: step.consumed)
                if let bytes = step.bytes { return .body(bytes[...]) }
                guard step.finished else { return nil }
                phase = .requestLine
                return .end
            case .failed(let error):
                throw error
            }
        } catch {
            phase = .failed(error)
            throw error
        }
    }

    /// Reads complete head lines; returns how many bytes they took and whether the empty line ending the head came.
    private mutating func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParseStep {
        var position = 0
        while true {
            if case .requestLine = phase {
                guard
                    let line = try lines.line(
                        in: bytes, from: position, maxSize: limits.maxRequestLineBytes + 2,
                        tooLong: HTTPParseError(
                            status: .uriTooLong,
                            message: "the request line is longer than \(limits.maxRequestLineBytes) bytes"),
                        what: "the request line")
                else { return HTTPParseStep(consumed: position) }
                position = line.next
                if line.isEmpty {
                    // RFC 9112 §2.2: ignore empty lines before the request line, within reason.
                    emptyLineBytes += 2
                    if emptyLineBytes > limits.maxRequestLineBytes {
                        throw .badRequest("too many empty lines before the request line")
                    }
                    continue
                }
                try parseRequestLine(line.content, in: bytes)
                phase = .headerLines
            } else {
                guard
                    let line = try lines.line(
                        in: bytes, from: position, maxSize: limits.maxHeaderBytes - fields.size,
                        tooLong: HTTPParseError(
                            status: .requestHeaderFieldsTooLarge,
                            message: "the header section is larger than \(limits.maxHeaderBytes) bytes"),
                        what: "a header line")
                else { return HTTPParseStep(consumed: position) }
                position = line.next
                if line.isEmpty { return HTTPParseStep(consumed: position, finished: true) }
                fields.size += line.size
                if fields.headers.count == limits.maxHeaderCount {
                    throw HTTPParseError(
                        status: .requestHeaderFieldsTooLarge,
                        message: "more than \(limits.maxHeaderCount) header fields")
                }
                try fields.add(line.content, in: bytes)
            }
        }
    }

    /// Parses `method SP request-target SP HTTP-version`.
    private mutating func parseRequestLine(
        _ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) {
        guard let methodEnd = bytes.firstIndex(of: HTTPByte.space, in: line),
            let targetEnd = bytes.firstIndex(of: HTTPByte.space, in: (methodEnd + 1)..<line.upperBound)
        else {
            throw .badRequest("request line \"\(bytes.excerpt(line))\" is not METHOD TARGET VERSION")
        }
        let targetRange = (methodEnd + 1)..<targetEnd
        if targetRange.isEmpty { throw .badRequest("the request target is empty") }
        method = try HTTPStartLine.method(line.lowerBound..<methodEnd, in: bytes)
        try HTTPStartLine.validateTarget(targetRange, method: method, in: bytes)
        version = try HTTPStartLine.version((targetEnd + 1)..<line.upperBound, in: bytes)
        target = bytes.string(targetRange)
    }

    /// Checks the head as a whole, decides the body's framing and starts the body.
    private mutating func finishHead() throws(HTTPParseError) -> HTTPRequestHead {
        if version == .http11 && fields.hostCount == 0 {
            throw .badRequest("an HTTP/1.1 request must have a Host header")
        }
        var framing = HTTPBodyFraming.none
        if fields.hasTransferEncoding {
            if fields.contentLength != nil {
                throw .badRequest("Content-Length and Transfer-Encoding both present")
            }
            if version == .http10 {
                throw HTTPParseError(
                    status: .lengthRequired,
                    message: "Transfer-Encoding is not allowed in an HTTP/1.0 request; send Content-Length")
            }
            try HTTPTransferCoding.validateRequest(fields.headers)
            framing = .chunked
        } else if let length = fields.contentLength {
            if length > limits.maxBodyBytes {
                throw HTTPParseError(
                    status: .contentTooLarge,
                    message: "Content-Length \(length) is larger than the limit of \(limits.maxBodyBytes) bytes")
            }
            framing = .length(length)
        }
        if method == .connect {
            guard framing == .none || framing == .length(0) else {
                throw .badRequest("a CONNECT request cannot have a body")
            }
            framing = .none
        }
        let head = HTTPRequestHead(method: method, target: target, version: version, headers: fields.headers)
        fields = HTTPFieldSection(.requestHeaders)
        target = ""
        emptyLineBytes = 0
        bodyFraming = framing
        body.start(framing)
        phase = .body
        return head
    }
}
