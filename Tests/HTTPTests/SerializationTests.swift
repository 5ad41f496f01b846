import Basics
import HTTP
import Testing

@Suite("Serialization")
struct SerializationTests {
    @Test("a request head is written as its request line, its fields as stored, and an empty line")
    func requestHeadBytes() {
        let head = HTTPRequestHead(
            method: .post, target: "/api/v1/workspaces?x=1",
            headers: ["Host": "swiftpod.localhost:8080", "content-TYPE": "application/json", "X-Empty": ""])
        var buffer = ByteBuffer()
        head.write(into: &buffer)
        let expected =
            "POST /api/v1/workspaces?x=1 HTTP/1.1\r\nHost: swiftpod.localhost:8080\r\n"
            + "content-TYPE: application/json\r\nX-Empty: \r\n\r\n"
        #expect(buffer.readableArray == bytes(expected))
    }

    @Test("a response head is written with its code, reason phrase and fields")
    func responseHeadBytes() {
        var buffer = ByteBuffer()
        HTTPResponseHead(status: .notFound, headers: ["Content-Length": "0"]).write(into: &buffer)
        #expect(buffer.readableArray == bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
        buffer.clear()
        HTTPResponseHead(version: .http10, status: HTTPStatus(code: 299)).write(into: &buffer)
        #expect(buffer.readableArray == bytes("HTTP/1.0 299 \r\n\r\n"))
        buffer.clear()
        HTTPResponseHead(status: HTTPStatus(code: 200, reasonPhrase: "Fine")).write(into: &buffer)
        #expect(buffer.readableArray == bytes("HTTP/1.1 200 Fine\r\n\r\n"))
    }

    @Test("heads are appended after what the buffer already holds")
    func appends() {
        var buffer = ByteBuffer(string: "prefix|")
        HTTPResponseHead(status: .noContent).write(into: &buffer)
        #expect(buffer.readableArray == bytes("prefix|HTTP/1.1 204 No Content\r\n\r\n"))
    }

    static let requestHeads: [HTTPRequestHead] = [
        HTTPRequestHead(method: .get, target: "/", headers: ["Host": "a"]),
        HTTPRequestHead(method: .head, target: "/x?y=z&w", version: .http10, headers: [:]),
        HTTPRequestHead(
            method: HTTPMethod(rawValue: "PROPFIND"), target: "/dav/",
            headers: ["host": "dav.example", "Depth": "1", "X-Weird_Name!": "v a l", "X-Tab": "a\tb", "Empty": ""]),
        HTTPRequestHead(method: .options, target: "*", headers: ["Host": "a"]),
        HTTPRequestHead(method: .connect, target: "[::1]:3000", headers: ["Host": "[::1]:3000"]),
        HTTPRequestHead(method: .get, target: "http://example.com:8080/p", headers: ["Host": "example.com:8080"]),
        HTTPRequestHead(
            method: .post, target: "/many",
            headers: HTTPHeaders(
                (0..<50).map { ("X-Field-\($0)", String(repeating: "v", count: $0)) } + [("Host", "a")])),
    ]

    @Test("a written request head parses back to the same head", arguments: requestHeads)
    func requestRoundTrip(_ head: HTTPRequestHead) throws {
        var buffer = ByteBuffer()
        head.write(into: &buffer)
        var parser = HTTPRequestParser()
        #expect(try parser.next(&buffer) == .head(head))
        #expect(try parser.next(&buffer) == .end)
        #expect(buffer.readableBytes == 0)
    }

    static let responseHeads: [HTTPResponseHead] = [
        HTTPResponseHead(status: .ok, headers: ["Content-Length": "0"]),
        HTTPResponseHead(
            version: .http10, status: .movedPermanently, headers: ["Location": "/n", "Content-Length": "0"]),
        HTTPResponseHead(status: HTTPStatus(code: 599, reasonPhrase: "Custom Thing"), headers: ["content-length": "0"]),
        HTTPResponseHead(status: HTTPStatus(code: 200, reasonPhrase: ""), headers: ["Content-Length": "0"]),
        HTTPResponseHead(status: .noContent, headers: ["X-A": "1", "x-a": "2"]),
        HTTPResponseHead(status: .continue),
    ]

    @Test("a written response head parses back to the same head", arguments: responseHeads)
    func responseRoundTrip(_ head: HTTPResponseHead) throws {
        var buffer = ByteBuffer()
        head.write(into: &buffer)
        var parser = HTTPResponseParser()
        #expect(try parser.next(&buffer, requestMethod: .get) == .head(head))
        #expect(try parser.next(&buffer, requestMethod: .get) == .end)
        #expect(buffer.readableBytes == 0)
    }

    @Test(
        "a chunk is its size in lowercase hex, CRLF, the data and CRLF",
        arguments: [
            (1, "1"), (9, "9"), (10, "a"), (15, "f"), (16, "10"), (255, "ff"), (4096, "1000"), (65_535, "ffff"),
        ]
    )
    func chunkBytes(_ count: Int, _ hex: String) {
        var buffer = ByteBuffer()
        let data = [UInt8](repeating: 0x61, count: count)
        ChunkedEncoding.writeChunk(data, into: &buffer)
        #expect(buffer.readableArray == bytes(hex + "\r\n") + data + bytes("\r\n"))
    }

    @Test("an empty chunk writes nothing, since it would end the body")
    func emptyChunk() {
        var buffer = ByteBuffer()
        ChunkedEncoding.writeChunk([UInt8](), into: &buffer)
        ChunkedEncoding.writeChunk(EmptyCollection<UInt8>(), into: &buffer)
        #expect(buffer.readableBytes == 0)
    }

    @Test("the last chunk ends the body, with or without trailers")
    func lastChunk() {
        var buffer = ByteBuffer()
        ChunkedEncoding.writeLastChunk(into: &buffer)
        #expect(buffer.readableArray == bytes("0\r\n\r\n"))
        buffer.clear()
        ChunkedEncoding.writeLastChunk(trailers: ["X-Sum": "1"], into: &buffer)
        #expect(buffer.readableArray == bytes("0\r\nX-Sum: 1\r\n\r\n"))
    }

    @Test("chunks written from any collection decode back to the same body", arguments: [1, 2, 7, 100, 5000])
    func chunkedRoundTrip(_ seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let body = (0..<(seed * 37 % 9000)).map { _ in UInt8.random(in: 0...255, using: &random) }
        var buffer = ByteBuffer()
        HTTPRequestHead(method: .put, target: "/f", headers: ["Host": "a", "Transfer-Encoding": "chunked"])
            .write(into: &buffer)
        var start = 0
        while start < body.count {
            let end = min(body.count, start + Int(random.next() % 700))
            if start % 2 == 0 {
                ChunkedEncoding.writeChunk(body[start..<end], into: &buffer)
            } else {
                ChunkedEncoding.writeChunk(AnyCollection(body[start..<end]), into: &buffer)
            }
            start = end
        }
        ChunkedEncoding.writeLastChunk(trailers: ["X-Length": "\(body.count)"], into: &buffer)
        let wire = buffer.readableArray
        for pieces in splittings(of: wire, randomCount: 2) {
            let run = runRequestParser(pieces)
            #expect(run.error == nil)
            #expect(run.bodies == [body])
        }
    }
}

extension HTTPRequestHead: CustomTestStringConvertible {
    public var testDescription: String { "\(method) \(target) \(version) (\(headers.count) fields)" }
}

extension HTTPResponseHead: CustomTestStringConvertible {
    public var testDescription: String { "\(version) \(status) (\(headers.count) fields)" }
}
