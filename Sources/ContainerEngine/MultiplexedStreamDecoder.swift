import Basics

/// Splits the engine's multiplexed stdout/stderr stream (logs and attached execs without a TTY) into frames.
///
/// Each frame is an 8-byte header — the stream (0 stdin, 1 stdout, 2 stderr), three zero bytes, and the payload
/// length as a big-endian 32-bit integer — followed by the payload. Feed bytes as they arrive; take frames as they
/// complete.
public struct MultiplexedStreamDecoder: Sendable {
    /// Which output a frame belongs to.
    public enum Stream: UInt8, Sendable {
        case stdin = 0
        case stdout = 1
        case stderr = 2
    }

    /// One decoded frame.
    public struct Frame: Sendable, Equatable {
        public var stream: Stream
        public var payload: [UInt8]
    }

    private var buffer = ByteBuffer()

    public init() {}

    /// Adds bytes read from the stream.
    public mutating func feed(_ bytes: ByteBuffer) {
        buffer.append(bytes)
    }

    /// The next complete frame, or nil until more bytes arrive.
    /// - Throws: `ContainerEngineError.invalidResponse` when a header names an unknown stream.
    public mutating func next() throws -> Frame? {
        guard buffer.readableBytes >= 8 else { return nil }
        guard let stream = Stream(rawValue: buffer.byte(at: 0)) else {
            throw ContainerEngineError(
                code: .invalidResponse, message: "bad multiplexed stream header: stream \(buffer.byte(at: 0))")
        }
        var length = 0
        for offset in 4..<8 { length = length << 8 | Int(buffer.byte(at: offset)) }
        guard buffer.readableBytes >= 8 + length else { return nil }
        buffer.moveReaderIndex(forwardBy: 8)
        let payload = buffer.readBytes(length) ?? []
        return Frame(stream: stream, payload: payload)
    }

    /// Bytes that do not yet form a whole frame; non-empty at the end of a stream means it was cut short.
    public var pendingBytes: Int { buffer.readableBytes }
}

/// The output of a command or container, with standard output and standard error kept apart.
public struct ProcessOutput: Sendable, Equatable {
    public var standardOutput: [UInt8] = []
    public var standardError: [UInt8] = []

    public init(standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Standard output as UTF-8 text.
    public var stdout: String { String(decoding: standardOutput, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderr: String { String(decoding: standardError, as: UTF8.self) }

    mutating func append(_ frame: MultiplexedStreamDecoder.Frame) {
        switch frame.stream {
        case .stdout, .stdin: standardOutput += frame.payload
        case .stderr: standardError += frame.payload
        }
    }
}
