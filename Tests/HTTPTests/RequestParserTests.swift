import Basics
import HTTP
import Testing

@Suite("Request parser")
struct RequestParserTests {
    /// Valid requests of many shapes; each must parse the same way however it is split.
    static let validRequests: [String] = [
        "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET /a/b?c=d&e=f HTTP/1.1\r\nHost: example.com:8080\r\nAccept: */*\r\nUser-Agent: curl/8.0\r\n\r\n",
        "POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        "POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\nhello",
        "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA;name=value\r\n0123456789\r\n0\r\n\r\n",
        "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5 ; a = b ; c=\"quoted \\\" ;\"\r\nhello\r\n0;last\r\nX-Checksum: abc\r\nX-Other:  1 \r\n\r\n",
        "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000003\r\nabc\r\n0\r\n\r\n",
        "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nf\r\n0123456789abcde\r\n0\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET http://example.com/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET https://[::1]:8443/ HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n",
        "CONNECT 127.0.0.1:3000 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n",
        "CONNECT [::1]:22 HTTP/1.1\r\nHost: [::1]:22\r\nContent-Length: 0\r\n\r\n",
        "PURGE /cache HTTP/1.1\r\nHost: a\r\n\r\n",
        "M-SEARCH /ssdp HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost:\r\n\r\n",
        "GET / HTTP/1.1\r\nhOsT: a\r\nX-Empty:\r\nX-Tab:\tvalue\twith\ttabs\t\r\nX-Spaces:    padded    \r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-Latin1: caf\u{E9}\r\nX-Quote: \"a,b\"\r\n\r\n",
        "GET /~user/%20a!$&'()*+,;=:@ HTTP/1.1\r\nHost: a\r\n\r\n",
        "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nDELETE /4 HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u{81}\u{85}raw",
        "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /incomplete HTTP/1.1\r\nHost: a\r\nX-Partial: yes",
    ]

    @Test("a request parses the same whole, byte by byte and in random pieces", arguments: validRequests)
    func splitIndependence(_ request: String) throws {
        let runs = splittings(of: bytes(request)).map { runRequestParser($0) }
        #expect(runs[0].error == nil, "\(runs[0].error?.description ?? "")")
        #expect(!runs[0].events.isEmpty)
        for run in runs.dropFirst() {
            #expect(run == runs[0])
        }
    }

    @Test("a request parses the same cut in two at every point", arguments: validRequests)
    func everyTwoPieceCut(_ request: String) {
        let whole = runRequestParser([bytes(request)])
        for pieces in twoPieceSplittings(of: bytes(request)) {
            #expect(runRequestParser(pieces) == whole)
        }
    }

    @Test("a simple GET gives its head, no body and the end")
    func simpleGet() throws {
        let run = runRequestParser([bytes("GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")])
        let head = try #require(run.heads.first)
        #expect(run.events.count == 2)
        #expect(run.events.last == .end)
        #expect(head.method == .get)
        #expect(head.target == "/a/b?c=d")
        #expect(head.path == "/a/b")
        #expect(head.query == "c=d")
        #expect(head.version == .http11)
        #expect(head.headers["host"] == "example.com")
        #expect(head.headers["Accept"] == "*/*")
        #expect(head.keepAlive)
        #expect(run.leftover.isEmpty)
    }

    @Test("header names keep their case, values lose surrounding whitespace, order and repeats are kept")
    func fieldsAsSent() throws {
        let run = runRequestParser([
            bytes("GET / HTTP/1.1\r\nhOsT: a\r\nX-Multi:  one \r\nx-multi:\ttwo\t\r\nX-Empty:\r\nX-Inner: a  b\r\n\r\n")
        ])
        let head = try #require(run.heads.first)
        let names = head.headers.map(\.name)
        let values = head.headers.map(\.value)
        #expect(names == ["hOsT", "X-Multi", "x-multi", "X-Empty", "X-Inner"])
        #expect(values == ["a", "one", "two", "", "a  b"])
        #expect(head.headers.values("X-MULTI") == ["one", "two"])
    }

    @Test("unknown but valid methods are passed to the server")
    func unknownMethods() throws {
        for method in ["PURGE", "M-SEARCH", "PROPFIND", "get", "X_Y.Z~1!"] {
            let run = runRequestParser([bytes("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n")])
            #expect(run.error == nil)
            #expect(run.heads.first?.method == HTTPMethod(rawValue: method))
        }
    }

    @Test(
        "common methods are recognised",
        arguments: ["GET", "PUT", "POST", "HEAD", "PATCH", "TRACE", "DELETE", "OPTIONS"])
    func commonMethods(_ method: String) throws {
        let run = runRequestParser([bytes("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n")])
        #expect(run.heads.first?.method.rawValue == method)
    }

    @Test("a Content-Length body comes out as body events of exactly that many bytes")
    func contentLengthBody() throws {
        let run = runRequestParser([bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloEXTRA")])
        #expect(run.bodies == [bytes("hello")])
        #expect(run.leftover == bytes("EXTRA"))
    }

    @Test("identical repeated Content-Length values are collapsed into one framing")
    func repeatedContentLength() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(
            string: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        guard case .head = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(parser.bodyFraming == .length(3))
        #expect(try parser.next(&buffer) == .body(bytes("abc")[...]))
        #expect(try parser.next(&buffer) == .end)
    }

    @Test("body bytes are handed out as they arrive, never waiting for the rest")
    func bodyWithoutWaiting() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(string: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        guard case .head = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(parser.bodyFraming == .length(10))
        #expect(try parser.next(&buffer) == .body(bytes("abc")[...]))
        #expect(try parser.next(&buffer) == nil)
        buffer.append(string: "defghijGET")
        #expect(try parser.next(&buffer) == .body(bytes("defghij")[...]))
        #expect(try parser.next(&buffer) == .end)
        #expect(buffer.readableArray == bytes("GET"))
        #expect(try parser.next(&buffer) == nil)
        #expect(!parser.isIdle)
    }

    @Test("chunked data is decoded, extensions skipped, and trailers kept apart from the headers")
    func chunkedWithTrailers() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(
            string: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1;a=\"b;c\"\r\n \r\n5\r\nworld\r\n0\r\nX-Sum: 42\r\nX-Other: x\r\n\r\n")
        guard case .head(let head) = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(parser.bodyFraming == .chunked)
        #expect(head.headers["X-Sum"] == nil)
        #expect(try parser.next(&buffer) == .body(bytes("hello world")[...]))
        #expect(try parser.next(&buffer) == .end)
        #expect(parser.trailers["x-sum"] == "42")
        #expect(parser.trailers.count == 2)
        #expect(parser.isIdle)
    }

    @Test("chunk data is handed out in the middle of a chunk")
    func partialChunk() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(string: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123")
        _ = try parser.next(&buffer)
        #expect(try parser.next(&buffer) == .body(bytes("0123")[...]))
        #expect(try parser.next(&buffer) == nil)
        buffer.append(string: "456789\r")
        #expect(try parser.next(&buffer) == .body(bytes("456789")[...]))
        #expect(try parser.next(&buffer) == nil)
        buffer.append(string: "\n0\r\n\r\n")
        #expect(try parser.next(&buffer) == .end)
    }

    @Test("pipelined requests in one buffer come out in order")
    func pipelining() throws {
        let text =
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
            + "HEAD /4 HTTP/1.0\r\n\r\n"
        let run = runRequestParser([bytes(text)])
        #expect(run.error == nil)
        #expect(run.heads.map(\.target) == ["/1", "/2", "/3", "/4"])
        #expect(run.heads.map(\.method) == [.get, .post, .put, .head])
        #expect(run.bodies == [[], bytes("abc"), bytes("xy"), []])
        #expect(run.events.filter { $0 == .end }.count == 4)
    }

    @Test("empty lines before a request line are skipped")
    func leadingEmptyLines() throws {
        let run = runRequestParser([bytes("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")])
        #expect(run.heads.count == 1)
    }

    @Test("a CONNECT head is followed at once by the end, and the tunnel bytes stay in the buffer")
    func connectStopsParsing() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(
            string: "CONNECT 127.0.0.1:3000 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\nSSH-2.0-raw\r\n")
        guard case .head(let head) = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(head.method == .connect)
        #expect(head.target == "127.0.0.1:3000")
        #expect(parser.bodyFraming == HTTPBodyFraming.none)
        #expect(try parser.next(&buffer) == .end)
        #expect(buffer.readableArray == bytes("SSH-2.0-raw\r\n"))
    }

    @Test("an upgrade request leaves the bytes after its head for the new protocol")
    func upgradeStopsParsing() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer(
            string: "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u{1}\u{2}frame")
        guard case .head(let head) = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(head.headers.containsToken("upgrade", in: "Connection"))
        #expect(try parser.next(&buffer) == .end)
        #expect(buffer.readableArray == bytes("\u{1}\u{2}frame"))
    }

    @Test("HTTP/1.0 requests need no Host and default to closing")
    func http10() throws {
        let plain = try #require(runRequestParser([bytes("GET / HTTP/1.0\r\n\r\n")]).heads.first)
        #expect(plain.version == .http10)
        #expect(!plain.keepAlive)
        let kept = try #require(
            runRequestParser([bytes("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")]).heads.first)
        #expect(kept.keepAlive)
        let closed = try #require(
            runRequestParser([bytes("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]).heads.first)
        #expect(!closed.keepAlive)
    }

    @Test("isIdle is true only between requests")
    func idleness() throws {
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer()
        #expect(parser.isIdle)
        buffer.append(string: "G")
        #expect(try parser.next(&buffer) == nil)
        #expect(!parser.isIdle)
        buffer.append(string: "ET / HTTP/1.1\r\nHost: a\r\n")
        #expect(try parser.next(&buffer) == nil)
        #expect(!parser.isIdle)
        buffer.append(string: "Content-Length: 2\r\n\r\n")
        guard case .head = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(!parser.isIdle)
        buffer.append(string: "ab")
        #expect(try parser.next(&buffer) == .body(bytes("ab")[...]))
        #expect(!parser.isIdle)
        #expect(try parser.next(&buffer) == .end)
        #expect(parser.isIdle)
        #expect(try parser.next(&buffer) == nil)
        #expect(parser.isIdle)
    }

    @Test("a head that arrives one byte per call is searched once, not again on every byte")
    func resumesWithoutRescanning() throws {
        // A long header value arriving byte by byte must still parse; with rescanning this would be quadratic and
        // slow, so the size also keeps the test honest about the search position being remembered.
        let value = String(repeating: "v", count: 30_000)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-Long: \(value)\r\n\r\n"
        var parser = HTTPRequestParser()
        var buffer = ByteBuffer()
        var head: HTTPRequestHead?
        for byte in text.utf8 {
            buffer.append(byte)
            if case .head(let parsed) = try parser.next(&buffer) { head = parsed }
        }
        #expect(head?.headers["X-Long"]?.utf8.count == 30_000)
    }

    @Test("obs-text bytes in a value are accepted and decoded leniently")
    func obsText() throws {
        let run = runRequestParser([
            [UInt8]("GET / HTTP/1.1\r\nHost: a\r\nX-Raw: a".utf8) + [0xFF, 0x80] + bytes("b\r\n\r\n")
        ])
        #expect(run.error == nil)
        #expect(run.heads.first?.headers["X-Raw"] == "a\u{FFFD}\u{FFFD}b")
    }
}
