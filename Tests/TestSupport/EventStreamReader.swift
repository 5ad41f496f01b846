import HTTPClient

/// Reads a Server-Sent Events answer one event at a time, as a test wants it: `name data`, comments skipped.
/// Read by one test task at a time.
public final class EventStreamReader: @unchecked Sendable {
    public let response: HTTPClientResponse
    private var text = ""

    public init(_ response: HTTPClientResponse) {
        self.response = response
    }

    /// The next event as `event-name data`, or "end" when the stream ends.
    /// - Throws: when no whole event arrives within `TestTimeout.loopback`.
    public func next() async throws -> String {
        while true {
            while text.range(of: "\n\n") == nil {
                guard let chunk = try await response.read(deadline: .now + TestTimeout.loopback) else { return "end" }
                text += String(decoding: chunk.readableView, as: UTF8.self)
            }
            guard let end = text.range(of: "\n\n") else { continue }
            let block = String(text[..<end.lowerBound])
            text.removeSubrange(..<end.upperBound)
            if block.hasPrefix(":") { continue }
            let lines = block.split(separator: "\n")
            let name = lines.first { $0.hasPrefix("event: ") }?.dropFirst(7) ?? ""
            let data = lines.first { $0.hasPrefix("data: ") }?.dropFirst(6) ?? ""
            return "\(name) \(data)"
        }
    }
}
