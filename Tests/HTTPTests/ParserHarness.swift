import Basics
import HTTP

/// Events with adjacent body pieces joined, so that runs over differently split input compare equal.
enum NormalizedEvent<Head: Equatable>: Equatable, CustomStringConvertible {
    case head(Head)
    case body([UInt8])
    case end

    var description: String {
        switch self {
        case .head(let head): "head(\(head))"
        case .body(let bytes): "body(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
        case .end: "end"
        }
    }
}

/// What a parser made of some input: its events, the error that stopped it, and the bytes it left unconsumed.
struct ParseRun<Head: Equatable>: Equatable {
    var events: [NormalizedEvent<Head>] = []
    var error: HTTPParseError?
    var leftover: [UInt8] = []

    mutating func record(body: ArraySlice<UInt8>) {
        if case .body(let previous) = events.last {
            events[events.count - 1] = .body(previous + body)
        } else {
            events.append(.body(Array(body)))
        }
    }

    /// The heads, in order.
    var heads: [Head] {
        events.compactMap { if case .head(let head) = $0 { head } else { nil } }
    }

    /// The joined body of each ended message, in order.
    var bodies: [[UInt8]] {
        var bodies: [[UInt8]] = []
        var current: [UInt8] = []
        for event in events {
            switch event {
            case .head: current = []
            case .body(let bytes): current += bytes
            case .end: bodies.append(current)
            }
        }
        return bodies
    }
}

/// Feeds `pieces` to a new request parser one at a time, draining events after each.
func runRequestParser(_ pieces: [[UInt8]], limits: HTTPParserLimits = .init()) -> ParseRun<HTTPRequestHead> {
    var parser = HTTPRequestParser(limits: limits)
    var buffer = ByteBuffer()
    var run = ParseRun<HTTPRequestHead>()
    do {
        for piece in pieces {
            buffer.append(contentsOf: piece)
            while let event = try parser.next(&buffer) {
                switch event {
                case .head(let head): run.events.append(.head(head))
                case .body(let bytes): run.record(body: bytes)
                case .end: run.events.append(.end)
                }
            }
        }
    } catch {
        run.error = error
    }
    run.leftover = buffer.readableArray
    return run
}

/// Feeds `pieces` to a new response parser, then tells it the connection closed when `close` is set.
///
/// - Parameter requestMethods: the method of the request each final response answers, in order; the last one
///   repeats.
func runResponseParser(
    _ pieces: [[UInt8]], requestMethods: [HTTPMethod] = [.get], close: Bool = false,
    limits: HTTPParserLimits = .init()
) -> ParseRun<HTTPResponseHead> {
    var parser = HTTPResponseParser(limits: limits)
    var buffer = ByteBuffer()
    var run = ParseRun<HTTPResponseHead>()
    var finalResponses = 0
    func record(_ event: HTTPResponseEvent) {
        switch event {
        case .head(let head): run.events.append(.head(head))
        case .body(let bytes): run.record(body: bytes)
        case .end:
            run.events.append(.end)
            if let code = run.heads.last?.status.code, !(100..<200).contains(code) { finalResponses += 1 }
        }
    }
    do {
        for piece in pieces {
            buffer.append(contentsOf: piece)
            while true {
                let method = requestMethods[min(finalResponses, requestMethods.count - 1)]
                guard let event = try parser.next(&buffer, requestMethod: method) else { break }
                record(event)
            }
        }
        if close, let event = try parser.finish() { record(event) }
    } catch {
        run.error = error
    }
    run.leftover = buffer.readableArray
    return run
}

/// Ways to cut `bytes` into pieces: whole, one byte at a time, and seeded random cuts.
func splittings(of bytes: [UInt8], randomCount: Int = 8) -> [[[UInt8]]] {
    var result: [[[UInt8]]] = [[bytes], bytes.map { [$0] }]
    var random = SplitMix64(seed: UInt64(bytes.count) &* 0x9E37_79B9 &+ 7)
    for _ in 0..<randomCount {
        var pieces: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let length = Int(random.next() % UInt64(min(bytes.count - start, 64))) + 1
            pieces.append(Array(bytes[start..<start + length]))
            start += length
        }
        result.append(pieces)
    }
    return result
}

/// Every cut of `bytes` into two pieces.
func twoPieceSplittings(of bytes: [UInt8]) -> [[[UInt8]]] {
    (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
}

/// A small seedable generator, so that "random" splits are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
