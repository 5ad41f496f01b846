import HTTP
import Testing

/// Each limit exactly reached must pass and one byte (or field) over must be refused with its status, whether the
/// input comes whole, byte by byte or in random pieces.
@Suite("Parser limits")
struct ParserLimitsTests {
    static let small = HTTPParserLimits(
        maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 16, maxChunkLineBytes: 12,
        maxTrailerBytes: 40)
    static let limitSets: [HTTPParserLimits] = [HTTPParserLimits(), small]

    /// Parses `request` every way it can be split and returns the common error code, nil when all runs succeeded.
    func outcome(_ request: String, _ limits: HTTPParserLimits) -> Int? {
        let runs = splittings(of: bytes(request), randomCount: 3).map { runRequestParser($0, limits: limits) }
        for run in runs.dropFirst() {
            #expect(run.error == runs[0].error)
            #expect(run.events == runs[0].events)
        }
        return runs[0].error?.status.code
    }

    /// A request whose request line, CRLF excluded, is exactly `length` bytes.
    func request(lineLength length: Int) -> String {
        let fixed = "GET / HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1\r\nHost: a\r\n\r\n"
    }

    @Test("the request line limit", arguments: limitSets)
    func requestLine(_ limits: HTTPParserLimits) {
        #expect(outcome(request(lineLength: limits.maxRequestLineBytes), limits) == nil)
        #expect(
            runRequestParser([bytes(request(lineLength: limits.maxRequestLineBytes))], limits: limits).heads.count == 1)
        #expect(outcome(request(lineLength: limits.maxRequestLineBytes + 1), limits) == 414)
        // With its LF still to come, a line already over the limit is refused without waiting.
        let open = String(request(lineLength: limits.maxRequestLineBytes + 1).prefix(limits.maxRequestLineBytes + 2))
        #expect(outcome(open, limits) == 414)
        #expect(outcome(String(open.dropLast()), limits) == nil)
    }

    /// A request whose header field lines, CRLFs included, take exactly `size` bytes.
    func request(headerBytes size: Int) -> String {
        let host = "Host: a\r\n"
        let padding = size - host.utf8.count - "X: \r\n".utf8.count
        return "GET / HTTP/1.1\r\n" + host + "X: " + String(repeating: "p", count: padding) + "\r\n\r\n"
    }

    @Test("the header section limit", arguments: limitSets)
    func headerBytes(_ limits: HTTPParserLimits) {
        #expect(outcome(request(headerBytes: limits.maxHeaderBytes), limits) == nil)
        #expect(outcome(request(headerBytes: limits.maxHeaderBytes + 1), limits) == 431)
    }

    @Test("the header section limit counts every line")
    func headerBytesAcrossLines() {
        let limits = HTTPParserLimits(maxHeaderBytes: 30)
        // 9 + 10 + 11 = 30 bytes of field lines.
        let atLimit = "GET / HTTP/1.1\r\nHost: a\r\nA-1: 123\r\nB-2: 1234\r\n\r\n"
        let overLimit = "GET / HTTP/1.1\r\nHost: a\r\nA-1: 123\r\nB-2: 12345\r\n\r\n"
        #expect(outcome(atLimit, limits) == nil)
        #expect(outcome(overLimit, limits) == 431)
    }

    /// A request with `count` header fields.
    func request(fieldCount count: Int) -> String {
        "GET / HTTP/1.1\r\nHost: a\r\n" + (1..<count).map { "X-\($0): v\r\n" }.joined() + "\r\n"
    }

    @Test("the header count limit", arguments: limitSets)
    func headerCount(_ limits: HTTPParserLimits) {
        #expect(outcome(request(fieldCount: limits.maxHeaderCount), limits) == nil)
        #expect(outcome(request(fieldCount: limits.maxHeaderCount + 1), limits) == 431)
    }

    @Test("the body limit for Content-Length", arguments: limitSets)
    func contentLengthBody(_ limits: HTTPParserLimits) {
        let body = limits.maxBodyBytes <= 1024 ? String(repeating: "b", count: limits.maxBodyBytes) : ""
        let atLimit = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(limits.maxBodyBytes)\r\n\r\n" + body
        if !body.isEmpty { #expect(outcome(atLimit, limits) == nil) }
        #expect(runRequestParser([bytes(atLimit)], limits: limits).error == nil)
        let over = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(limits.maxBodyBytes + 1)\r\n\r\n"
        #expect(outcome(over, limits) == 413)
    }

    @Test("the body limit for chunked data adding up across chunks")
    func chunkedBody() {
        let limits = Self.small
        #expect(outcome(chunkedRequest("8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"), limits) == nil)
        #expect(outcome(chunkedRequest("8\r\n12345678\r\n9\r\n123456789\r\n0\r\n\r\n"), limits) == 413)
        #expect(outcome(chunkedRequest("10\r\n"), limits) == nil)
        #expect(outcome(chunkedRequest("11\r\n"), limits) == 413)
    }

    @Test("the body limit resets for each pipelined request")
    func bodyLimitPerRequest() {
        let one = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"
        #expect(outcome(one + one + one, Self.small) == nil)
    }

    @Test("the chunk-size line limit, extensions included")
    func chunkLine() {
        let limits = Self.small
        // "5;ext=12345" is 11 bytes, "5;ext=123456" is 12, "5;ext=1234567" is 13.
        #expect(outcome(chunkedRequest("5;ext=123456\r\nhello\r\n0\r\n\r\n"), limits) == nil)
        let over = chunkedRequest("5;ext=1234567\r\nhello\r\n0\r\n\r\n")
        #expect(outcome(over, limits) == 400)
        #expect(runRequestParser([bytes(over)], limits: limits).error?.message.contains("longer than 12") == true)
        // With its LF still to come, 14 bytes cannot be 12 and a CRLF, but 13 bytes may be.
        #expect(outcome(chunkedRequest("5;ext=12345678"), limits) == 400)
        #expect(outcome(chunkedRequest("5;ext=1234567"), limits) == nil)
    }

    @Test("the trailer section limit")
    func trailerBytes() {
        let limits = Self.small
        // Two trailer lines of 20 bytes each, CRLF included: exactly 40.
        let atLimit = "X-A: 1234567890123\r\nX-B: 1234567890123\r\n"
        let overLimit = "X-A: 1234567890123\r\nX-B: 12345678901234\r\n"
        #expect(outcome(chunkedRequest("1\r\nx\r\n0\r\n" + atLimit + "\r\n"), limits) == nil)
        #expect(outcome(chunkedRequest("1\r\nx\r\n0\r\n" + overLimit + "\r\n"), limits) == 431)
    }

    @Test("the trailer count limit")
    func trailerCount() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        let trailers = (1...4).map { "T\($0): v\r\n" }
        #expect(outcome(chunkedRequest("0\r\n" + trailers.prefix(3).joined() + "\r\n"), limits) == nil)
        #expect(outcome(chunkedRequest("0\r\n" + trailers.joined() + "\r\n"), limits) == 431)
    }

    @Test("the response parser applies the same limits, answering 502")
    func responseLimits() {
        let limits = Self.small
        let longStatus = "HTTP/1.1 200 " + String(repeating: "r", count: 51) + "\r\nContent-Length: 0\r\n\r\n"
        #expect(runResponseParser([bytes(longStatus)], limits: limits).error == nil)
        let tooLong = "HTTP/1.1 200 " + String(repeating: "r", count: 52) + "\r\nContent-Length: 0\r\n\r\n"
        #expect(runResponseParser([bytes(tooLong)], limits: limits).error?.status == .badGateway)
        let bigBody = "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n"
        #expect(runResponseParser([bytes(bigBody)], limits: limits).error?.status == .badGateway)
        let untilClose = "HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "u", count: 17)
        #expect(runResponseParser([bytes(untilClose)], close: true, limits: limits).error?.status == .badGateway)
        let untilCloseRuns = splittings(of: bytes(untilClose), randomCount: 3).map {
            runResponseParser($0, close: true, limits: limits)
        }
        for run in untilCloseRuns {
            #expect(run.error == untilCloseRuns[0].error)
            #expect(run.events == untilCloseRuns[0].events)
        }
        let justFits = "HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "u", count: 16)
        #expect(runResponseParser([bytes(justFits)], close: true, limits: limits).bodies.first?.count == 16)
    }

    @Test("the defaults are the documented ones")
    func defaults() {
        let limits = HTTPParserLimits()
        #expect(limits.maxRequestLineBytes == 8192)
        #expect(limits.maxHeaderBytes == 32_768)
        #expect(limits.maxHeaderCount == 100)
        #expect(limits.maxBodyBytes == 67_108_864)
        #expect(limits.maxChunkLineBytes == 4096)
        #expect(limits.maxTrailerBytes == 8192)
    }
}

extension HTTPParserLimits: CustomTestStringConvertible {
    public var testDescription: String { "line \(maxRequestLineBytes), headers \(maxHeaderBytes)/\(maxHeaderCount)" }
}
