// libFuzzer entry point for HTTPRequestParser; fuzz/run builds it with the HTTP sources as one module.
//
// Every input is parsed whole, cut in two at a point taken from its first byte, and (when short) one byte at a
// time, with the default limits and with small ones. All runs must agree, and every event must be well formed.

/// Small limits, so that short inputs reach every limit.
private let smallLimits = HTTPParserLimits(
    maxRequestLineBytes: 48, maxHeaderBytes: 160, maxHeaderCount: 6, maxBodyBytes: 64, maxChunkLineBytes: 16,
    maxTrailerBytes: 48)

private struct Message: Equatable {
    var head: HTTPRequestHead
    var framing: HTTPBodyFraming
    var body: [UInt8] = []
    var ended = false
}

private struct Outcome: Equatable {
    var messages: [Message] = []
    var error: HTTPParseError?
    var leftover: [UInt8] = []
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

/// Parses `pieces` in order with one parser, checking each event as it comes.
private func parse(_ pieces: [ArraySlice<UInt8>], limits: HTTPParserLimits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var buffer = ByteBuffer()
    var outcome = Outcome()
    var inMessage = false
    do {
        for piece in pieces {
            buffer.append(contentsOf: piece)
            while true {
                let before = buffer.readableBytes
                let event = try parser.next(&buffer)
                check(buffer.readableBytes <= before, "consumed more than was available")
                guard let event else { break }
                switch event {
                case .head(let head):
                    check(!inMessage, "a head inside a message")
                    inMessage = true
                    check(!parser.isIdle, "idle after a head")
                    checkHead(head, framing: parser.bodyFraming)
                    outcome.messages.append(Message(head: head, framing: parser.bodyFraming))
                case .body(let bytes):
                    check(inMessage, "a body outside a message")
                    check(!bytes.isEmpty, "an empty body event")
                    let index = outcome.messages.count - 1
                    outcome.messages[index].body += bytes
                    let total = outcome.messages[index].body.count
                    switch outcome.messages[index].framing {
                    case .none: check(false, "a body for a message without one")
                    case .length(let length): check(total <= length, "more body than Content-Length")
                    case .chunked: check(total <= limits.maxBodyBytes, "chunked body over the limit")
                    case .untilClose: check(false, "a request framed until close")
                    }
                case .end:
                    check(inMessage, "an end outside a message")
                    inMessage = false
                    let message = outcome.messages[outcome.messages.count - 1]
                    if case .length(let length) = message.framing {
                        check(message.body.count == length, "body shorter than Content-Length at its end")
                    }
                    outcome.messages[outcome.messages.count - 1].ended = true
                    check(parser.isIdle, "not idle after an end")
                }
            }
        }
    } catch {
        outcome.error = error
        check(!parser.isIdle, "idle after an error")
        let again = Result { () throws(HTTPParseError) in try parser.next(&buffer) }
        check(again == .failure(error), "a failed parser did not fail again the same way")
    }
    outcome.leftover = buffer.readableArray
    return outcome
}

/// A head must hold only what the parser promises, and must survive being written and parsed again.
private func checkHead(_ head: HTTPRequestHead, framing: HTTPBodyFraming) {
    check(HTTPHeaders.isValidName(head.method.rawValue), "method is not a token")
    check(!head.target.isEmpty && head.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "bad target")
    check(head.version == .http11 || head.version == .http10, "unsupported version")
    check(head.headers.isValid, "a header that is not valid")
    let hosts = head.headers.values("Host").count
    check(head.version == .http10 ? hosts <= 1 : hosts == 1, "Host count \(hosts)")
    if head.method == .connect { check(framing == .none, "a CONNECT with a body") }
    if case .length(let length) = framing { check(length >= 0, "negative length") }
    if head.headers.contains("Transfer-Encoding") {
        check(framing == .chunked && !head.headers.contains("Content-Length"), "Transfer-Encoding not chunked")
    }

    var buffer = ByteBuffer()
    head.write(into: &buffer)
    var parser = HTTPRequestParser()
    let reparsed = Result { () throws(HTTPParseError) in try parser.next(&buffer) }
    check(reparsed == .success(.head(head)), "a written head did not parse back the same: \(reparsed)")
    check(parser.bodyFraming == framing, "a written head parsed back with other framing")
}

private func compare(_ lhs: Outcome, _ rhs: Outcome, _ what: String) {
    check(
        lhs.error == rhs.error,
        "\(what): errors differ: \(String(describing: lhs.error)) vs \(String(describing: rhs.error))")
    check(lhs.messages == rhs.messages, "\(what): messages differ")
    if lhs.error == nil { check(lhs.leftover == rhs.leftover, "\(what): leftovers differ") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    for limits in [HTTPParserLimits(), smallLimits] {
        let whole = parse([input[...]], limits: limits)
        let cut = size == 0 ? 0 : Int(input[0]) * size / 255
        compare(whole, parse([input[..<cut], input[cut...]], limits: limits), "cut at \(cut)")
        if size <= 512 {
            compare(whole, parse(input.indices.map { input[$0...$0] }, limits: limits), "byte by byte")
        }
    }
    return 0
}
