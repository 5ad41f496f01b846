import Basics
import HTTP
import Testing

@Suite("Response parser")
struct ResponseParserTests {
    /// A response, the methods of the requests it answers, whether the connection then closes, and what must come out.
    struct Case: Sendable, CustomTestStringConvertible {
        var response: String
        var methods: [HTTPMethod] = [.get]
        var close = false
        var codes: [Int]
        var bodies: [String]
        var leftover = ""

        var testDescription: String { "\(methods) \(response.debugDescription)" }
    }

    static let framingCases: [Case] = [
        Case(response: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", codes: [200], bodies: ["hello"]),
        Case(response: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", codes: [200], bodies: [""]),
        Case(
            response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
            codes: [200], bodies: ["hello"]),
        Case(
            response: "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nall of this until close", close: true, codes: [200],
            bodies: ["all of this until close"]),
        Case(response: "HTTP/1.1 200 OK\r\n\r\n", close: true, codes: [200], bodies: [""]),
        Case(
            response: "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", methods: [.head], codes: [200], bodies: [""]),
        Case(
            response:
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
            methods: [.head, .get], codes: [200, 404], bodies: ["", ""]),
        Case(response: "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", codes: [204], bodies: [""]),
        Case(
            response: "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: \"x\"\r\n\r\n", codes: [304],
            bodies: [""]),
        Case(
            response: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            methods: [.post], codes: [100, 200], bodies: ["", "ok"]),
        Case(
            response: "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
            codes: [103, 100, 201], bodies: ["", "", ""]),
        Case(
            response:
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u{81}\u{2}hi",
            codes: [101], bodies: [""], leftover: "\u{81}\u{2}hi"),
        Case(
            response: "HTTP/1.1 200 Connection Established\r\n\r\nSSH-2.0-tunnel", methods: [.connect], codes: [200],
            bodies: [""], leftover: "SSH-2.0-tunnel"),
        Case(
            response: "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\ndeny",
            methods: [.connect], codes: [407], bodies: ["deny"]),
        Case(
            response: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb",
            codes: [200, 200], bodies: ["a", "b"]),
        Case(response: "\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", codes: [200], bodies: ["a"]),
        Case(response: "HTTP/1.1 299 \r\nContent-Length: 1\r\n\r\na", codes: [299], bodies: ["a"]),
        Case(response: "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\na", codes: [200], bodies: ["a"]),
        Case(
            response: "HTTP/1.1 200 OK\r\nHost: a b\r\nHost: c\r\nContent-Length: 1\r\n\r\na", codes: [200],
            bodies: ["a"]),
    ]

    @Test("bodies are framed by method, status and headers, whole or in pieces", arguments: framingCases)
    func framing(_ example: Case) throws {
        let runs = splittings(of: bytes(example.response)).map {
            runResponseParser($0, requestMethods: example.methods, close: example.close)
        }
        let run = runs[0]
        #expect(run.error == nil, "\(run.error?.description ?? "")")
        #expect(run.heads.map(\.status.code) == example.codes)
        #expect(run.bodies == example.bodies.map(bytes))
        #expect(run.leftover == bytes(example.leftover))
        for other in runs.dropFirst() { #expect(other == run) }
    }

    @Test("framing is reported with the head")
    func reportedFraming() throws {
        func framing(_ response: String, _ method: HTTPMethod = .get) throws -> HTTPBodyFraming {
            var parser = HTTPResponseParser()
            var buffer = ByteBuffer(string: response)
            guard case .head = try parser.next(&buffer, requestMethod: method) else { throw HTTPParseError.badRequest }
            return parser.bodyFraming
        }
        #expect(try framing("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n") == .length(7))
        #expect(try framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") == .chunked)
        #expect(try framing("HTTP/1.1 200 OK\r\n\r\n") == .untilClose)
        #expect(try framing("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n", .head) == HTTPBodyFraming.none)
        #expect(try framing("HTTP/1.1 204 No Content\r\n\r\n") == HTTPBodyFraming.none)
        #expect(try framing("HTTP/1.1 304 Not Modified\r\n\r\n") == HTTPBodyFraming.none)
        #expect(try framing("HTTP/1.1 100 Continue\r\n\r\n") == HTTPBodyFraming.none)
        #expect(try framing("HTTP/1.1 200 OK\r\n\r\n", .connect) == HTTPBodyFraming.none)
        #expect(try framing("HTTP/1.1 403 Forbidden\r\n\r\n", .connect) == .untilClose)
    }

    @Test("the status line's pieces are kept: version, code and reason phrase as sent")
    func statusLine() throws {
        let head = try #require(
            runResponseParser([bytes("HTTP/1.0 404 Nicht Gefunden\r\nContent-Length: 0\r\n\r\n")]).heads.first)
        #expect(head.version == .http10)
        #expect(head.status.code == 404)
        #expect(head.status.reasonPhrase == "Nicht Gefunden")
        #expect(!head.keepAlive)
        let standard = try #require(
            runResponseParser([bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]).heads.first)
        #expect(standard.status == .ok)
        #expect(standard.keepAlive)
        let empty = try #require(runResponseParser([bytes("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n")]).heads.first)
        #expect(empty.status.reasonPhrase == "")
    }

    @Test("an interim 100 Continue ends before the final response begins")
    func interimThenFinal() throws {
        var parser = HTTPResponseParser()
        var buffer = ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(try parser.next(&buffer, requestMethod: .post) == .head(HTTPResponseHead(status: .continue)))
        #expect(try parser.next(&buffer, requestMethod: .post) == .end)
        #expect(try parser.next(&buffer, requestMethod: .post) == nil)
        #expect(parser.isIdle)
        buffer.append(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        let head = HTTPResponseHead(status: .ok, headers: ["Content-Length": "2"])
        #expect(try parser.next(&buffer, requestMethod: .post) == .head(head))
        #expect(try parser.next(&buffer, requestMethod: .post) == .body(bytes("ok")[...]))
        #expect(try parser.next(&buffer, requestMethod: .post) == .end)
    }

    @Test("finish ends an until-close body once, and then reports nothing more")
    func finishUntilClose() throws {
        var parser = HTTPResponseParser()
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\npart")
        _ = try parser.next(&buffer, requestMethod: .get)
        #expect(parser.bodyFraming == .untilClose)
        #expect(try parser.next(&buffer, requestMethod: .get) == .body(bytes("part")[...]))
        #expect(try parser.next(&buffer, requestMethod: .get) == nil)
        #expect(try parser.finish() == .end)
        #expect(try parser.finish() == nil)
    }

    @Test("finish between responses is a clean close")
    func finishWhenIdle() throws {
        var parser = HTTPResponseParser()
        #expect(try parser.finish() == nil)
        var second = HTTPResponseParser()
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
        while try second.next(&buffer, requestMethod: .get) != nil {}
        #expect(second.isIdle)
        #expect(try second.finish() == nil)
    }

    @Test("finish after a complete body that has not yet been ended returns the end")
    func finishAfterCompleteBody() throws {
        var parser = HTTPResponseParser()
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
        _ = try parser.next(&buffer, requestMethod: .get)
        #expect(try parser.next(&buffer, requestMethod: .get) == .body(bytes("x")[...]))
        #expect(try parser.finish() == .end)
    }

    /// Responses cut short by the connection closing, and words the error must contain.
    static let truncations: [(String, String)] = [
        ("HTTP/1.1 200 OK\r\nContent-Le", "before the response head was complete"),
        ("HTTP/1.1 2", "before the response head was complete"),
        ("HTTP/1.1 200 OK\r\n", "before the response head was complete"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", "before the body's last 1234 bytes arrived"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\nabcd", "before the body's last 1230 bytes arrived"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "before a chunk's last 3 bytes arrived"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde", "in the middle of the chunked body"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "in the middle of the chunked body"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", "before the chunked body's trailer section"),
    ]

    @Test("finish reports a response cut short", arguments: truncations)
    func finishTruncated(_ response: String, _ message: String) {
        let run = runResponseParser([bytes(response)], close: true)
        #expect(run.error?.status == .badGateway)
        #expect(run.error?.message.contains(message) == true, "\(run.error?.message ?? "no error")")
    }

    /// Malformed responses, and words the 502 error must contain.
    static let refusals: [(String, String)] = [
        ("HTTP/1.1 20 OK\r\n\r\n", "status code \"20\" is not three digits"),
        ("HTTP/1.1 2000 OK\r\n\r\n", "is not three digits"),
        ("HTTP/1.1 600 Too High\r\n\r\n", "status code 600 is out of range"),
        ("HTTP/1.1 099 Low\r\n\r\n", "out of range"),
        ("HTTP/1.1 2x0 OK\r\n\r\n", "not three digits"),
        ("HTTP/1.1  200 OK\r\n\r\n", "not three digits"),
        ("HTTP/2.0 200 OK\r\n\r\n", "HTTP/2.0 is not supported"),
        ("HTTP/1.1\r\n\r\n", "is not VERSION CODE REASON"),
        ("HTTP/1.1 200 OK\u{1}\r\n\r\n", "the reason phrase has byte 0x1"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "both present"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n", "conflicting Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", "not a decimal number"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "is not just chunked"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "is not just chunked"),
        ("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding in an HTTP/1.0 response"),
        ("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", "line folding"),
        ("HTTP/1.1 200 OK\r\nX : a\r\n\r\n", "whitespace before the colon"),
        ("HTTP/1.1 200 OK\nX: a\r\n\r\n", "the status line ends with a bare LF"),
        ("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", "a bare CR in its value"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size \"zz\""),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", "not followed by CRLF"),
        ("<html>\r\n", "is not VERSION CODE REASON"),
    ]

    @Test("malformed responses are refused with 502", arguments: refusals)
    func malformed(_ response: String, _ message: String) {
        let runs = splittings(of: bytes(response)).map { runResponseParser($0) }
        #expect(runs[0].error?.status == .badGateway)
        #expect(runs[0].error?.message.contains(message) == true, "\(runs[0].error?.message ?? "no error")")
        for run in runs.dropFirst() {
            #expect(run.error == runs[0].error)
            #expect(run.events == runs[0].events)
        }
    }

    @Test("a failed parser keeps failing, in next and in finish")
    func stickyFailure() throws {
        var parser = HTTPResponseParser()
        var buffer = ByteBuffer(string: "HTTP/1.1 999 No\r\n\r\n")
        let first = #expect(throws: HTTPParseError.self) { try parser.next(&buffer, requestMethod: .get) }
        let again = #expect(throws: HTTPParseError.self) { try parser.next(&buffer, requestMethod: .get) }
        let atClose = #expect(throws: HTTPParseError.self) { try parser.finish() }
        #expect(first != nil && first == again && again == atClose)
    }
}

extension HTTPParseError {
    fileprivate static var badRequest: HTTPParseError { HTTPParseError(status: .badRequest, message: "no head") }
}
