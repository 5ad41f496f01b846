import Basics

/// Splits a stream of JSON documents separated by newlines (build output, events, import progress) into lines.
///
/// Feed bytes as they arrive; blank lines are skipped. A line longer than `maxLineBytes` is an error rather than
/// unbounded memory.
public struct JSONLineSplitter: Sendable {
    private var buffer: [UInt8] = []
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 4 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Adds bytes and returns the lines they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var lines: [[UInt8]] = []
        var start = 0
        while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = buffer[start..<newline]
            if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) {
                lines.append(Array(line))
            }
            start = newline + 1
        }
        buffer.removeFirst(start)
        guard buffer.count <= maxLineBytes else {
            throw ContainerEngineError(
                code: .invalidResponse, message: "the engine sent a JSON line longer than \(maxLineBytes) bytes")
        }
        return lines
    }

    /// The last line, when the stream ended without a newline after it.
    public mutating func finish() -> [UInt8]? {
        defer { buffer.removeAll() }
        return buffer.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) ? buffer : nil
    }
}
