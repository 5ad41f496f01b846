// libFuzzer entry point for HTTPResponseParser; fuzz/run builds it with the HTTP sources as one module.
//
// The first byte picks the method of the request being answered; the rest is the response stream. It is parsed
// whole, cut in two, and (when short) one byte at a time, then the connection is closed. All runs must agree, and
// every event must be well formed.

/// Small limits, so that short inputs reach every limit.
private let smallLimits = HTTPParserLimits(
    maxRequestLineBytes: 48, maxHeaderBytes: 160, maxHeaderCount: 6, maxBodyBytes: 64, maxChunkLineBytes: 16,
    maxTrailerBytes: 48)

private let methods: [HTTPMethod] = [.get, .head, .connect, .post]

private struct Message: Equatable {
    var head: HTTPResponseHead
    var framing: HTTPBodyFraming
    var body: [UInt8] = []
    var ended = false
}

private struct Outcome: Equatable {
    var messages: [Message] = []
    var error: HTTPParseError?
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

/// Parses `pieces` in order with one parser, then closes the connection, checking each event as it comes.
private func parse(_ pieces: [ArraySlice<UInt8>], method: HTTPMethod, limits: HTTPParserLimits) -> Outcome {
    var parser = HTTPResponseParser(limits: limits)
    var buffer = ByteBuffer()
    var outcome = Outcome()
    var inMessage = false

    func record(_ event: HTTPResponseEvent, atClose: Bool = false) {
        switch event {
        case .head(let head):
            check(!inMessage, "a head inside a message")
            inMessage = true
            check((100...599).contains(head.status.code), "status code \(head.status.code)")
            check(head.headers.isValid, "a header that is not valid")
            let framing = parser.bodyFraming
            if method == .head || head.status.forbidsBody { check(framing == .none, "a body where none is allowed") }
            outcome.messages.append(Message(head: head, framing: framing))
        case .body(let bytes):
            check(inMessage, "a body outside a message")
            check(!bytes.isEmpty, "an empty body event")
            let index = outcome.messages.count - 1
            outcome.messages[index].body += bytes
            let total = outcome.messages[index].body.count
            switch outcome.messages[index].framing {
            case .none: check(false, "a body for a message without one")
            case .length(let length): check(total <= length, "more body than Content-Length")
            case .chunked, .untilClose: check(total <= limits.maxBodyBytes, "body over the limit")
            }
        case .end:
            check(inMessage, "an end outside a message")
            inMessage = false
            let message = outcome.messages[outcome.messages.count - 1]
            if case .length(let length) = message.framing {
                check(message.body.count == length, "body shorter than Content-Length at its end")
            }
            outcome.messages[outcome.messages.count - 1].ended = true
            check(parser.isIdle != atClose, "idle is \(parser.isIdle) after an end")
        }
    }

    do {
        for piece in pieces {
            buffer.append(contentsOf: piece)
            while true {
                let before = buffer.readableBytes
                let event = try parser.next(&buffer, requestMethod: method)
                check(buffer.readableBytes <= before, "consumed more than was available")
                guard let event else { break }
                record(event)
            }
        }
        if let event = try parser.finish() { record(event, atClose: true) }
        check(!inMessage, "a message still open after the close")
        check(try parser.finish() == nil, "a second finish returned an event")
    } catch {
        check(error.status == .badGateway, "a response error with status \(error.status)")
        outcome.error = error
    }
    return outcome
}

private func compare(_ lhs: Outcome, _ rhs: Outcome, _ what: String) {
    check(
        lhs.error == rhs.error,
        "\(what): errors differ: \(String(describing: lhs.error)) vs \(String(describing: rhs.error))")
    check(lhs.messages == rhs.messages, "\(what): messages differ")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let method = methods[Int(data[0]) % methods.count]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    for limits in [HTTPParserLimits(), smallLimits] {
        let whole = parse([input[...]], method: method, limits: limits)
        let cut = Int(data[0]) * input.count / 255
        compare(whole, parse([input[..<cut], input[cut...]], method: method, limits: limits), "cut at \(cut)")
        if input.count <= 512 {
            let bytewise = parse(input.indices.map { input[$0...$0] }, method: method, limits: limits)
            compare(whole, bytewise, "byte by byte")
        }
    }
    return 0
}
