import Basics
import HTTP
import Testing

/// A request the parser must refuse, the status it must refuse it with, and words the message must contain.
struct Refusal: Sendable, CustomTestStringConvertible {
    var request: String
    var status: Int
    var message: String

    init(_ request: String, _ status: Int, _ message: String) {
        self.request = request
        self.status = status
        self.message = message
    }

    var testDescription: String { "\(status) \(request.debugDescription)" }
}

/// Runs `refusal` whole, byte by byte and in random pieces; every run must fail the same way.
func expectRefused(_ refusal: Refusal, limits: HTTPParserLimits = .init()) {
    let runs = splittings(of: bytes(refusal.request)).map { runRequestParser($0, limits: limits) }
    let error = runs[0].error
    #expect(error?.status.code == refusal.status, "\(error?.description ?? "accepted")")
    #expect(error?.message.contains(refusal.message) == true, "message: \(error?.message ?? "none")")
    for run in runs.dropFirst() {
        #expect(run.error == error)
        #expect(run.events == runs[0].events)
    }
}

@Suite("Request parser refusals")
struct RequestRefusalTests {
    static let smuggling: [Refusal] = [
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
            "Content-Length and Transfer-Encoding both present"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n", 400,
            "Content-Length and Transfer-Encoding both present"),
        Refusal(
            "POST / HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
            "both present"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, "conflicting"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", 400, "conflicting Content-Length"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 5\r\nCONTENT-LENGTH: 50\r\n\r\n", 400, "5 and 50"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1.5\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,\r\n\r\n", 400, "not a decimal number"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400, "not a decimal number"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, "too large a number"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400, "does not end with chunked"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400, "does not end with chunked"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;x=1\r\n\r\n", 400, "does not end with chunked"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400, "more than once"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
            "more than once"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400, "not a list of codings"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,\r\n\r\n", 400, "not a list of codings"),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", 400, "not a list"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "\"gzip\" is not implemented"
        ),
        Refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity, chunked\r\n\r\n", 501, "not implemented"),
        Refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n", 501,
            "\"deflate\" is not implemented"),
        Refusal("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411, "send Content-Length"),
        Refusal(
            "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nContent-Length: 5\r\n\r\nhello", 400,
            "CONNECT request cannot have a body"),
        Refusal(
            "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
            "CONNECT request cannot have a body"),
    ]

    static let chunked: [Refusal] = [
        Refusal(chunkedRequest("zz\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size \"zz\""),
        Refusal(chunkedRequest("\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size \"\""),
        Refusal(chunkedRequest("-5\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size \"-5\""),
        Refusal(chunkedRequest("0x5\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("+5\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest(" 5\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5 \r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5 x\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5;\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5;a=\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5;a=\"open\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5;a=b c\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("5;a\u{01}\r\nhello\r\n0\r\n\r\n"), 400, "invalid chunk size"),
        Refusal(chunkedRequest("00000000000000005\r\nhello\r\n0\r\n\r\n"), 400, "longer than 16 hex digits"),
        Refusal(chunkedRequest("10000000000000000\r\nhello\r\n0\r\n\r\n"), 400, "longer than 16 hex digits"),
        Refusal(chunkedRequest("ffffffffffffffff\r\nhello\r\n0\r\n\r\n"), 400, "too large"),
        Refusal(chunkedRequest("8000000000000000\r\nhello\r\n0\r\n\r\n"), 400, "too large"),
        Refusal(chunkedRequest("5\r\nhelloX\r\n0\r\n\r\n"), 400, "not followed by CRLF"),
        Refusal(chunkedRequest("5\r\nhello\rX0\r\n\r\n"), 400, "not followed by CRLF"),
        Refusal(chunkedRequest("5\r\nhello\n0\r\n\r\n"), 400, "not followed by CRLF"),
        Refusal(chunkedRequest("3\r\nhello\r\n0\r\n\r\n"), 400, "not followed by CRLF"),
        Refusal(chunkedRequest("5\nhello\r\n0\r\n\r\n"), 400, "bare LF"),
        Refusal(chunkedRequest("5\r\nhello\r\n0\n\r\n"), 400, "bare LF"),
        Refusal(chunkedRequest("5\r\nhello\r\n0\r\n\n"), 400, "bare LF"),
        Refusal(chunkedRequest("5\r\nhello\r\n0\r\nX-T: a\n\r\n"), 400, "bare LF"),
        Refusal(chunkedRequest("5\r\nhello\r\n0\r\n bad: fold\r\n\r\n"), 400, "line folding"),
        Refusal(chunkedRequest("5\r\nhello\r\n0\r\nX-T : a\r\n\r\n"), 400, "whitespace before the colon"),
        Refusal(chunkedRequest("5\r\nhello\r\n0\r\nX-T: a\u{7F}\r\n\r\n"), 400, "in its value"),
    ]

    static let fields: [Refusal] = [
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n folded\r\n\r\n", 400, "line folding"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\tfolded\r\n\r\n", 400, "line folding"),
        Refusal("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400, "line folding"),
        Refusal("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "header name \"Host\" has whitespace before the colon"),
        Refusal("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400, "whitespace before the colon"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\n: empty\r\n\r\n", 400, "empty name"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX(A): 1\r\n\r\n", 400, "header name contains \"(\""),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX/A: 1\r\n\r\n", 400, "header name contains \"/\""),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-Ä: 1\r\n\r\n", 400, "header name contains byte 0xC3"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX\u{0}A: 1\r\n\r\n", 400, "header name contains NUL"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, "has no colon"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\rX-B: 2\r\n\r\n", 400, "a bare CR in its value"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\r\n\r\n", 400, "a bare CR"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A\r: 1\r\n\r\n", 400, "a bare CR"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\nX-B: 2\r\n\r\n", 400, "a header line ends with a bare LF"),
        Refusal("GET / HTTP/1.1\r\nHost: a\n\r\n", 400, "bare LF"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\n\n", 400, "bare LF"),
        Refusal("GET / HTTP/1.1\nHost: a\r\n\r\n", 400, "the request line ends with a bare LF"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{0}b\r\n\r\n", 400, "NUL in its value"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{01}b\r\n\r\n", 400, "byte 0x1 in its value"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{1B}b\r\n\r\n", 400, "in its value"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{7F}\r\n\r\n", 400, "byte 0x7F in its value"),
        Refusal("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n", 400, "must have a Host header"),
        Refusal("GET / HTTP/1.1\r\n\r\n", 400, "must have a Host header"),
        Refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400, "more than one Host"),
        Refusal("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400, "more than one Host"),
        Refusal("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "Host header \"a b\" is not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: a?b\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: a:b\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: a:80:81\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: :80\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: a:123456\r\n\r\n", 400, "has an invalid port"),
        Refusal("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: a]\r\n\r\n", 400, "not a valid host"),
        Refusal("GET / HTTP/1.1\r\nHost: bücher.example\r\n\r\n", 400, "not a valid host"),
    ]

    static let requestLines: [Refusal] = [
        Refusal("G(ET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method \"G(ET\" is not a token"),
        Refusal("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "\"GET\\x09/ HTTP/1.1\" is not METHOD TARGET VERSION"),
        Refusal(" / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method \"\" is not a token"),
        Refusal("GËT / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "is not a token"),
        Refusal("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "the request target is empty"),
        Refusal("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400, "is not an HTTP version"),
        Refusal("GET /a\u{01} HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains byte 0x1"),
        Refusal("GET /a\u{0} HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains NUL"),
        Refusal("GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains byte 0x7F"),
        Refusal("GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains a bare CR"),
        Refusal("GET /é HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains byte 0xC3"),
        Refusal("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains \"#\""),
        Refusal("GET /\ta HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request target contains"),
        Refusal("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400, "only allowed with OPTIONS"),
        Refusal("GET a.example:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
        Refusal("GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
        Refusal("GET http:/a HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
        Refusal("GET http:// HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
        Refusal("GET 1http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
        Refusal("CONNECT /path HTTP/1.1\r\nHost: a\r\n\r\n", 400, "must be host:port"),
        Refusal("CONNECT http://a:80/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "must be host:port"),
        Refusal("CONNECT a.example HTTP/1.1\r\nHost: a\r\n\r\n", 400, "has no port"),
        Refusal("CONNECT a.example: HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid port"),
        Refusal("CONNECT a.example:99999 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid port"),
        Refusal("CONNECT * HTTP/1.1\r\nHost: a\r\n\r\n", 400, "CONNECT target \"*\" has no port"),
        Refusal("OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
        Refusal("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP/2.0 is not supported"),
        Refusal("GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505, "HTTP/1.2 is not supported"),
        Refusal("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505, "not supported"),
        Refusal("GET / HTTP/3.0\r\n\r\n", 505, "not supported"),
        Refusal("GET / http/1.1\r\nHost: a\r\n\r\n", 400, "\"http/1.1\" is not an HTTP version"),
        Refusal("GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400, "is not an HTTP version"),
        Refusal("GET / HTTP/11\r\nHost: a\r\n\r\n", 400, "is not an HTTP version"),
        Refusal("GET / HTTP/1\r\nHost: a\r\n\r\n", 400, "is not an HTTP version"),
        Refusal("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400, "is not an HTTP version"),
        Refusal("GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400, "is not an HTTP version"),
        Refusal("GET / \r\nHost: a\r\n\r\n", 400, "\"\" is not an HTTP version"),
        Refusal("GET /\r\n\r\n", 400, "is not METHOD TARGET VERSION"),
        Refusal("GET\r\n\r\n", 400, "is not METHOD TARGET VERSION"),
        Refusal("\u{0}GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "is not a token"),
        Refusal("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n", 400, "not METHOD TARGET"),
    ]

    @Test("request smuggling shapes are refused", arguments: smuggling)
    func smugglingShapes(_ refusal: Refusal) {
        expectRefused(refusal)
    }

    @Test("malformed chunked bodies are refused", arguments: chunked)
    func malformedChunkedBodies(_ refusal: Refusal) {
        expectRefused(refusal)
    }

    @Test("malformed header fields are refused", arguments: fields)
    func malformedFields(_ refusal: Refusal) {
        expectRefused(refusal)
    }

    @Test("malformed request lines are refused", arguments: requestLines)
    func malformedRequestLines(_ refusal: Refusal) {
        expectRefused(refusal)
    }

    @Test("a body over maxBodyBytes is refused with 413")
    func bodyTooLarge() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        expectRefused(
            Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", 413, "Content-Length 11"),
            limits: limits)
        expectRefused(
            Refusal(chunkedRequest("6\r\nhello!\r\n5\r\nworld\r\n0\r\n\r\n"), 413, "larger than 10 bytes"),
            limits: limits)
        expectRefused(Refusal(chunkedRequest("b\r\n"), 413, "larger than 10 bytes"), limits: limits)
    }

    @Test("a refused request keeps failing with the same error")
    func failureIsSticky() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n")
        let first = #expect(throws: HTTPParseError.self) { try parser.next(&buffer) }
        buffer.append(string: "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        let second = #expect(throws: HTTPParseError.self) { try parser.next(&buffer) }
        #expect(first == second)
        #expect(first?.status == .badRequest)
        #expect(!parser.isIdle)
    }

    @Test("the error describes itself with its status and message")
    func errorDescription() {
        let error = HTTPParseError(status: .badRequest, message: "invalid chunk size \"zz\"")
        #expect(error.description == "400 Bad Request: invalid chunk size \"zz\"")
    }
}

/// A chunked POST with `body` after its head.
func chunkedRequest(_ body: String) -> String {
    "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body
}
