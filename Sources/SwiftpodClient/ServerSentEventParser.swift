/// One Server-Sent Event: its type (`message` when the stream names none) and its data lines joined by `\n`.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String
    public var data: String
    public var id: String?

    public init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// Splits a `text/event-stream` body into events, as the HTML standard's parsing rules say: lines end with CRLF,
/// LF or CR; a blank line dispatches the event; lines starting with `:` are comments (keep-alives); an event with
/// no data is not dispatched. Bytes arrive in any pieces, so a line or a UTF-8 sequence may be cut anywhere.
public struct ServerSentEventParser: Sendable {
    /// The longest line kept; a longer one is an error rather than unbounded memory.
    public static let maximumLineBytes = 1 << 20

    private var line: [UInt8] = []
    private var lastWasCR = false
    private var event = ""
    private var data: [String] = []
    private var id: String?

    public init() {}

    /// The events completed by `bytes`.
    /// - Throws: `APIClientError` `.invalidResponse` for a line longer than `maximumLineBytes`.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws -> [ServerSentEvent]
    where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\r"):
                lastWasCR = true
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\n"):
                if let event = endLine() { events.append(event) }
            default:
                guard line.count < Self.maximumLineBytes else {
                    throw APIClientError.invalidResponse(
                        "an event stream line is longer than \(Self.maximumLineBytes) bytes")
                }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else { return dispatch() }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix(":") { return nil }
        var field = Substring(text)
        var value: Substring = ""
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        }
        switch field {
        case "event": event = String(value)
        case "data": data.append(String(value))
        case "id": id = String(value)
        default: break  // `retry` and unknown fields
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            event = ""
            data = []
        }
        guard !data.isEmpty else { return nil }
        return ServerSentEvent(event: event.isEmpty ? "message" : event, data: data.joined(separator: "\n"), id: id)
    }
}
