import Basics

/// A bidirectional byte stream: a TCP or unix-socket connection, or a tunnel through one.
///
/// The HTTP server and client, WebSocket connections and the reverse proxy all move bytes through this protocol, so
/// a connection can be handed from one to the next (an HTTP upgrade) without copying.
public protocol ByteStream: AnyObject, Sendable {
    /// Reads what is available into the free space of `buffer`, waiting until at least one byte arrives.
    /// - Parameter buffer: receives the bytes at its writer index.
    /// - Returns: how many bytes were read; 0 at the end of the stream.
    func read(into buffer: inout ByteBuffer) async throws -> Int

    /// Writes all readable bytes of `buffer`, waiting while the peer is slow to take them.
    /// - Parameter buffer: the bytes to write; it is not changed.
    func write(_ buffer: ByteBuffer) async throws

    /// Closes the write side; the peer reads the end of the stream.
    func shutdownWrite()

    /// Closes both directions and releases the stream. Pending and later calls fail.
    func close()
}

extension ByteStream {
    /// Writes `bytes`.
    public func write(_ bytes: [UInt8]) async throws {
        try await write(ByteBuffer(bytes: bytes))
    }

    /// Writes the UTF-8 bytes of `string`.
    public func write(string: String) async throws {
        try await write(ByteBuffer(string: string))
    }
}
