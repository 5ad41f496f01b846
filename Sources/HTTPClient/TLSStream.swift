import Basics
import Glibc
import NetIO

/// TLS over a connected non-blocking socket: `TLSSession` does the handshake, encryption and decryption in memory,
/// and this moves its ciphertext with the socket's ordinary reads and writes, so TLS connections wait on the event
/// loops like any other.
///
/// Used by one task at a time, like the `HTTPClientConnection` that holds it. Socket failures are thrown as the
/// socket's `NetIOError`, for the connection to describe; TLS failures as `HTTPClientError`.
final class TLSStream: @unchecked Sendable {
    let socket: Socket
    private let session: TLSSession
    private var incoming = ByteBuffer(capacity: 16 << 10)
    private var outgoing = ByteBuffer(capacity: 16 << 10)
    /// Whether the peer closed the TCP connection without a TLS close_notify first.
    private(set) var endedWithoutCloseNotify = false

    /// The most plaintext encrypted before its ciphertext is sent, so a large body never sits whole in memory twice.
    private static let writeSliceBytes = 64 << 10

    private init(socket: Socket, session: TLSSession) {
        self.socket = socket
        self.session = session
    }

    /// Performs the TLS handshake over `socket`, verifying the server's certificate against `serverName`.
    /// - Throws: `HTTPClientError` (`.certificateNotTrusted`, `.tlsFailed`) or the socket's `NetIOError`.
    static func handshake(
        over socket: Socket, context: TLSContext, serverName: String, deadline: ContinuousClock.Instant
    ) async throws -> TLSStream {
        let stream = TLSStream(socket: socket, session: try context.makeSession(serverName: serverName))
        while true {
            do {
                if try stream.session.handshake() { break }
            } catch {
                // OpenSSL has queued an alert saying why (unknown CA, bad certificate); the server's log shows it.
                stream.sendPendingWithoutWaiting()
                throw error
            }
            try await stream.flush(deadline: deadline)
            guard try await stream.receive(deadline: deadline) else {
                throw HTTPClientError(
                    code: .tlsFailed, message: "\(serverName) closed the connection during the TLS handshake")
            }
        }
        // TLS 1.3 ends the handshake with the client's Finished message, still to be sent.
        try await stream.flush(deadline: deadline)
        return stream
    }

    var serverName: String { session.serverName }

    /// Whether bytes from the server are waiting, before or after decryption.
    var hasBufferedInput: Bool { session.hasBufferedInput }

    /// Reads the plaintext available into `buffer`, waiting until `deadline` at most for it.
    /// - Returns: the number of bytes read; 0 at the end of the stream, after a close_notify or when the peer
    ///   closed the TCP connection without one (then `endedWithoutCloseNotify` is true).
    func read(into buffer: inout ByteBuffer, deadline: ContinuousClock.Instant?) async throws -> Int {
        while true {
            switch try session.read(into: &buffer) {
            case .bytes(let count):
                return count
            case .closed:
                return 0
            case .needsInput:
                // Reading can make OpenSSL answer the peer (a TLS 1.3 key update), which must go out first.
                try await flush(deadline: deadline)
                guard try await receive(deadline: deadline) else {
                    endedWithoutCloseNotify = true
                    return 0
                }
            }
        }
    }

    /// Encrypts and sends every readable byte of `bytes`, waiting until `deadline` at most while the peer is slow.
    func write(_ bytes: ByteBuffer, deadline: ContinuousClock.Instant?) async throws {
        var offset = 0
        while offset < bytes.readableBytes {
            let taken = try bytes.withUnsafeReadableBytes { raw in
                let end = min(raw.count, offset + TLSStream.writeSliceBytes)
                return try session.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
            }
            offset += taken
            try await flush(deadline: deadline)
            if taken == 0 {
                // OpenSSL needs to hear from the peer before it can write more.
                guard try await receive(deadline: deadline) else {
                    throw HTTPClientError(
                        code: .connectionClosed, message: "\(serverName) closed the connection during a write")
                }
            }
        }
    }

    /// Sends a close_notify alert if the socket takes it at once, then closes the socket; never waits.
    func close() {
        session.shutdown()
        sendPendingWithoutWaiting()
        socket.close()
    }

    /// Sends what OpenSSL has queued (an alert, close_notify) as far as the socket takes it without blocking.
    private func sendPendingWithoutWaiting() {
        outgoing.clear()
        session.takeOutput(into: &outgoing)
        outgoing.withUnsafeReadableBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return }
            _ = Glibc.send(socket.fd, base, raw.count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL))
        }
        outgoing.clear()
    }

    /// Sends the ciphertext OpenSSL has produced.
    private func flush(deadline: ContinuousClock.Instant?) async throws {
        guard session.hasOutput else { return }
        outgoing.clear()
        session.takeOutput(into: &outgoing)
        try await socket.write(outgoing, deadline: deadline)
        outgoing.clear()
    }

    /// Reads ciphertext from the socket into the session.
    /// - Returns: false when the peer closed the TCP connection.
    private func receive(deadline: ContinuousClock.Instant?) async throws -> Bool {
        incoming.clear()
        let count = try await socket.read(into: &incoming, deadline: deadline)
        guard count > 0 else { return false }
        session.feed(incoming)
        incoming.clear()
        return true
    }
}
