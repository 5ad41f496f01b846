import Basics
import NetIO
import Synchronization

/// The error an in-memory stream throws once it is closed.
struct InMemoryStreamClosed: Error {}

/// One direction of an in-memory connection: bytes written at one end wait here until the other end reads them.
final class InMemoryPipe: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        /// The writing end shut down: reads return the end of the stream once the bytes are read.
        var isFinished = false
        /// The reading end closed: pending and later reads fail, and writes fail.
        var isBroken = false
        var waitingReader: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func append(_ bytes: ArraySlice<UInt8>) throws {
        let reader = try state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.isBroken, !state.isFinished else { throw InMemoryStreamClosed() }
            state.bytes.append(contentsOf: bytes)
            defer { state.waitingReader = nil }
            return state.waitingReader
        }
        reader?.resume()
    }

    /// Waits for bytes and takes up to `maxCount` of them; empty at the end of the stream.
    func read(maxCount: Int) async throws -> [UInt8] {
        while true {
            try Task.checkCancellation()
            let taken = try state.withLock { state -> [UInt8]? in
                if state.isBroken { throw InMemoryStreamClosed() }
                if !state.bytes.isEmpty {
                    let count = min(maxCount, state.bytes.count)
                    defer { state.bytes.removeFirst(count) }
                    return Array(state.bytes[..<count])
                }
                return state.isFinished ? [] : nil
            }
            if let taken { return taken }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = state.withLock { state in
                        if state.isBroken || state.isFinished || !state.bytes.isEmpty { return true }
                        precondition(state.waitingReader == nil, "two tasks read one in-memory pipe")
                        state.waitingReader = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                wakeReader()
            }
        }
    }

    /// Whether a read is waiting for bytes.
    var hasWaitingReader: Bool { state.withLock { $0.waitingReader != nil } }

    /// Ends the stream for the reader, after the bytes already written.
    func finish() {
        state.withLock { $0.isFinished = true }
        wakeReader()
    }

    /// Closes the reading end: a pending read fails.
    func breakPipe() {
        state.withLock { $0.isBroken = true }
        wakeReader()
    }

    private func wakeReader() {
        let reader = state.withLock { state in
            defer { state.waitingReader = nil }
            return state.waitingReader
        }
        reader?.resume()
    }
}

/// One end of an in-memory connection, for testing code written against `ByteStream` without sockets.
///
/// Reads return at most `readChunkSize` bytes, and writes hand over `writeChunkSize` bytes at a time with a
/// suspension in between, so tests see short reads and writes that other tasks can overtake.
final class InMemoryByteStream: ByteStream {
    private let inbound: InMemoryPipe
    private let outbound: InMemoryPipe
    private let readChunkSize: Int
    private let writeChunkSize: Int
    private let closed = Mutex(false)

    private init(inbound: InMemoryPipe, outbound: InMemoryPipe, readChunkSize: Int, writeChunkSize: Int) {
        self.inbound = inbound
        self.outbound = outbound
        self.readChunkSize = readChunkSize
        self.writeChunkSize = writeChunkSize
    }

    /// Two connected ends.
    static func pair(
        readChunkSize: Int = 64 * 1024, writeChunkSize: Int = 64 * 1024
    ) -> (InMemoryByteStream, InMemoryByteStream) {
        let forward = InMemoryPipe()
        let backward = InMemoryPipe()
        return (
            InMemoryByteStream(
                inbound: backward, outbound: forward, readChunkSize: readChunkSize, writeChunkSize: writeChunkSize),
            InMemoryByteStream(
                inbound: forward, outbound: backward, readChunkSize: readChunkSize, writeChunkSize: writeChunkSize)
        )
    }

    /// Whether `close()` was called on this end.
    var isClosed: Bool { closed.withLock { $0 } }

    func read(into buffer: inout ByteBuffer) async throws -> Int {
        guard !isClosed else { throw InMemoryStreamClosed() }
        let bytes = try await inbound.read(maxCount: readChunkSize)
        buffer.append(contentsOf: bytes)
        return bytes.count
    }

    func write(_ buffer: ByteBuffer) async throws {
        let bytes = buffer.readableArray
        var start = 0
        while start < bytes.count {
            guard !isClosed else { throw InMemoryStreamClosed() }
            let end = min(start + writeChunkSize, bytes.count)
            try outbound.append(bytes[start..<end])
            start = end
            if start < bytes.count { await Task.yield() }
        }
    }

    /// Returns once a task is waiting in `read(into:)` on this end.
    func waitUntilAReadIsPending() async {
        while !inbound.hasWaitingReader { await Task.yield() }
    }

    /// Stops reading, as a peer that went away would: the other end's writes fail from now on.
    func shutdownRead() {
        inbound.breakPipe()
    }

    func shutdownWrite() {
        outbound.finish()
    }

    func close() {
        closed.withLock { $0 = true }
        outbound.finish()
        inbound.breakPipe()
    }
}
