import Basics
import Crypto
import NetIO
import Synchronization

/// An open WebSocket connection over a byte stream, from the end of the opening handshake to the close.
///
/// One task receives while any number of tasks send. `receive()` answers pings and the peer's close frame by itself;
/// sends are written one whole frame at a time, in the order they were called, so frames never interleave.
///
/// It is a `final class` around a `Mutex` rather than an actor: an actor would still need a queue to keep two sends
/// from interleaving across the suspension inside `stream.write` (actors are reentrant), and every send would hop to
/// the actor's executor. Here no lock is held across an `await`; the receiving state is moved out to the one task
/// that reads and moved back when it is done.
public final class WebSocketConnection: Sendable {
    /// Which end of the connection this is; a client masks every frame it sends.
    public let role: WebSocketRole
    private let stream: any ByteStream
    private let configuration: Configuration
    private let logger: Logger
    private let state: Mutex<State>

    private struct State: Sendable {
        var reading: Reading
        var isWriting = false
        /// Senders waiting for the write lock, in the order they asked.
        var writeWaiters: [CheckedContinuation<Void, Never>] = []
        var closeSent = false
        var closeReceived: (code: WebSocketCloseCode, reason: String)?
        var end: End?
        /// Tasks waiting for the connection to end.
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Who is reading frames from the stream, if anyone.
    private enum Reading: Sendable {
        /// Nobody; the decoder rests here between reads.
        case idle(WebSocketEventDecoder)
        /// A task in `receive()` holds the decoder.
        case application
        /// `close(code:reason:)` holds the decoder, to wait for the peer's close frame.
        case closing
    }

    /// How the connection ended; the stream is closed by then.
    private enum End: Sendable {
        /// The closing handshake completed, or this end closed after its timeout.
        case closed
        /// The connection failed; `receive()` throws this error.
        case failed(any Error)
    }

    /// Takes over a stream whose opening handshake has completed.
    /// - Parameters:
    ///   - stream: the connection's byte stream; this object closes it.
    ///   - role: which end this is.
    ///   - leftover: bytes read from the stream after the handshake's HTTP head; they are the start of the frames.
    ///   - configuration: limits and timeouts.
    ///   - logger: receives debug lines about protocol errors and closes.
    public init(
        stream: any ByteStream, role: WebSocketRole, leftover: ByteBuffer = ByteBuffer(),
        configuration: Configuration = Configuration(), logger: Logger = .disabled
    ) {
        self.stream = stream
        self.role = role
        self.configuration = configuration
        self.logger = logger
        let decoder = WebSocketEventDecoder(
            role: role, leftover: leftover, maxFrameSize: configuration.maxFrameSize,
            maxMessageSize: configuration.maxMessageSize)
        state = Mutex(State(reading: .idle(decoder)))
    }

    /// The code of the peer's close frame (`noStatus` when it carried none), or nil while none has arrived.
    public var closeCode: WebSocketCloseCode? { state.withLock { $0.closeReceived?.code } }

    /// The reason in the peer's close frame, or nil while none has arrived.
    public var closeReason: String? { state.withLock { $0.closeReceived?.reason } }

    // MARK: Receiving

    /// Waits for the next message from the peer.
    ///
    /// Pings are answered with pongs and pongs are dropped on the way. When the peer sends a close frame, it is
    /// answered with one echoing its code, the stream is closed, and the result is nil. Call it from one task at a
    /// time; a second concurrent call is a programming error and stops the process.
    /// - Returns: the next message, or nil once the connection has closed normally.
    /// - Throws: a `WebSocketError` when the peer breaks the protocol (after sending it a close frame with the
    ///   error's code and closing the stream) or ends the stream without a close frame (`abnormal`), or the
    ///   stream's error when reading fails. Once thrown, later calls throw the same error.
    public func receive() async throws -> WebSocketMessage? {
        switch beginReading(asApplication: true) {
        case .read(var decoder):
            defer { endReading(decoder) }
            return try await read(&decoder, deliveringMessages: true)
        case .waitForEnd:
            await waitForEnd()
            return try endResult()
        case .ended:
            return try endResult()
        }
    }

    private enum ReadingTurn {
        case read(WebSocketEventDecoder)
        case waitForEnd
        case ended
    }

    private func beginReading(asApplication: Bool) -> ReadingTurn {
        state.withLock { state in
            if state.end != nil { return .ended }
            switch state.reading {
            case .idle(let decoder):
                state.reading = asApplication ? .application : .closing
                return .read(decoder)
            case .application:
                precondition(!asApplication, "WebSocketConnection.receive() called while another call is waiting")
                return .waitForEnd
            case .closing:
                return .waitForEnd
            }
        }
    }

    private func endReading(_ decoder: WebSocketEventDecoder) {
        state.withLock { $0.reading = .idle(decoder) }
    }

    private func endResult() throws -> WebSocketMessage? {
        if case .failed(let error) = state.withLock({ $0.end }) { throw error }
        return nil
    }

    /// Reads until the next message (or, when not delivering messages, until the close), handling control frames.
    private func read(
        _ decoder: inout WebSocketEventDecoder, deliveringMessages: Bool
    ) async throws -> WebSocketMessage? {
        while true {
            let event: WebSocketMessageAssembler.Event?
            do {
                event = try decoder.nextEvent()
            } catch {
                await fail(error)
                throw error
            }
            switch event {
            case nil:
                guard try await readMore(into: &decoder.buffer) else { return try endOfStream() }
            case .message(let message):
                if deliveringMessages { return message }
            case .ping(let payload):
                try await write(WebSocketFrame(opcode: .pong, payload: payload), kind: .pong)
            case .pong:
                break
            case .close(let code, let reason):
                await peerClosed(code: code, reason: reason)
                return nil
            }
        }
    }

    /// Reads more bytes; false at the end of the stream, or when the stream failed while this end was closing.
    private func readMore(into buffer: inout ByteBuffer) async throws -> Bool {
        do {
            return try await stream.read(into: &buffer) > 0
        } catch {
            if state.withLock({ $0.closeSent || $0.end != nil }) { return false }
            logger.debug("WebSocket read failed", ["error": "\(error)"])
            finish(.failed(error))
            throw error
        }
    }

    /// What the end of the stream means: the end of a close this side started, the failure that already ended
    /// the connection (a send's write failed, say), or an abnormal closure.
    private func endOfStream() throws -> WebSocketMessage? {
        let (closeSent, end) = state.withLock { ($0.closeSent, $0.end) }
        switch end {
        case .failed(let error): throw error
        case .closed: return nil
        case nil: break
        }
        if closeSent {
            finish(.closed)
            return nil
        }
        let error = WebSocketError(
            closeCode: .abnormal, message: "the peer ended the stream without sending a close frame")
        logger.debug("WebSocket stream ended without a close frame")
        finish(.failed(error))
        throw error
    }

    private func peerClosed(code: WebSocketCloseCode, reason: String) async {
        state.withLock { $0.closeReceived = (code, reason) }
        logger.debug("WebSocket peer closed", ["websocket.close_code": "\(code.rawValue)"])
        // Echo the peer's code (RFC 6455 §5.5.1); a close without a code is answered without one.
        _ = try? await write(Self.closeFrame(code: code, reason: ""), kind: .close)
        finish(.closed)
    }

    /// Fails the connection (RFC 6455 §7.1.7): a close frame with the error's code, then the stream is closed.
    private func fail(_ error: WebSocketError) async {
        logger.debug(
            "WebSocket protocol error", ["websocket.close_code": "\(error.closeCode.rawValue)", "error": error.message])
        _ = try? await write(Self.closeFrame(code: error.closeCode, reason: error.message), kind: .close)
        finish(.failed(error))
    }

    // MARK: Sending

    /// Sends a text message in one frame.
    /// - Throws: a `WebSocketError` once a close frame has been sent, or the stream's error.
    public func send(text: String) async throws {
        try await write(WebSocketFrame(opcode: .text, payload: Array(text.utf8)), kind: .data)
    }

    /// Sends a binary message in one frame.
    /// - Throws: a `WebSocketError` once a close frame has been sent, or the stream's error.
    public func send(binary: [UInt8]) async throws {
        try await write(WebSocketFrame(opcode: .binary, payload: binary), kind: .data)
    }

    /// Sends `message` in one frame.
    public func send(_ message: WebSocketMessage) async throws {
        switch message {
        case .text(let text): try await send(text: text)
        case .binary(let bytes): try await send(binary: bytes)
        }
    }

    /// Sends a ping; the peer's pong is dropped by `receive()`.
    /// - Parameter payload: at most 125 bytes, echoed in the pong.
    /// - Throws: a `WebSocketError` for a longer payload or once a close frame has been sent, or the stream's error.
    public func ping(_ payload: [UInt8] = []) async throws {
        guard payload.count <= WebSocketFrame.maxControlPayloadSize else {
            throw WebSocketError(
                closeCode: .protocolError,
                message: "a ping payload has at most 125 bytes, this one has \(payload.count)")
        }
        try await write(WebSocketFrame(opcode: .ping, payload: payload), kind: .data)
    }

    /// What a frame is for, which decides what happens once a close frame has been sent.
    private enum FrameKind {
        /// A message or a ping: refused after the close frame.
        case data
        /// An automatic pong: dropped after the close frame.
        case pong
        /// The close frame: only the first one is sent.
        case close
    }

    /// Writes one frame while holding the write lock, so concurrent sends never interleave their bytes.
    /// - Returns: false when a pong or close frame was dropped because a close frame was already sent.
    /// - Throws: a `WebSocketError` for a data frame or ping after the close frame, or the stream's error.
    @discardableResult
    private func write(_ frame: WebSocketFrame, kind: FrameKind) async throws -> Bool {
        let bytes = frame.bytes(maskingKey: role == .client ? SecureRandom.bytes(count: 4) : nil)
        await lockWrites()
        defer { unlockWrites() }
        let isClosing = state.withLock { state in
            let isClosing = state.closeSent || state.end != nil
            if kind == .close { state.closeSent = true }
            return isClosing
        }
        if isClosing {
            guard kind == .data else { return false }
            throw WebSocketError(
                closeCode: closeCode ?? .normalClosure,
                message: "cannot send a \(frame.opcode) frame: the connection is closing or closed")
        }
        do {
            try await stream.write(bytes)
        } catch {
            logger.debug("WebSocket write failed", ["error": "\(error)"])
            // Whoever sends a close frame ends the connection next, with the reason that made it close.
            if kind != .close { finish(.failed(error)) }
            throw error
        }
        return true
    }

    private func lockWrites() async {
        // Uncontended, the lock is taken without allocating a continuation.
        let acquired = state.withLock { state in
            guard !state.isWriting else { return false }
            state.isWriting = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let acquired = state.withLock { state in
                guard !state.isWriting else {
                    state.writeWaiters.append(continuation)
                    return false
                }
                state.isWriting = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    /// Hands the write lock to the next waiting sender, or releases it.
    private func unlockWrites() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.writeWaiters.isEmpty else {
                state.isWriting = false
                return nil
            }
            return state.writeWaiters.removeFirst()
        }
        next?.resume()
    }

    // MARK: Closing

    /// Starts the closing handshake and waits for it to finish.
    ///
    /// It sends a close frame, waits for the peer's close frame for at most the configured close timeout, then
    /// closes the stream. Messages that arrive meanwhile go to a task waiting in `receive()` if there is one, and are
    /// dropped otherwise; such a task must keep calling `receive()` until it returns nil, or the handshake can only
    /// end by the timeout. Calling it again, or after the connection ended, does nothing more.
    /// - Parameters:
    ///   - code: a code allowed in a close frame, or `noStatus` to send a close frame without a code.
    ///   - reason: a short explanation for the peer, cut to the 123 bytes a close frame has room for.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") async {
        precondition(
            code == .noStatus || code.isAllowedInCloseFrame,
            "close code \(code.rawValue) may not be sent in a close frame")
        do {
            try await write(Self.closeFrame(code: code, reason: reason), kind: .close)
        } catch {
            finish(.failed(error))
            return
        }
        let clock = configuration.clock
        let timeout = configuration.closeTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(for: timeout)
                } catch {
                    return  // The peer answered in time.
                }
                self.logger.debug("WebSocket peer did not answer the close frame in time")
                self.finish(.closed)
            }
            await waitForPeerClose()
            group.cancelAll()
        }
        finish(.closed)
    }

    /// Reads until the peer's close frame, or waits for the task in `receive()` to read it.
    private func waitForPeerClose() async {
        switch beginReading(asApplication: false) {
        case .read(var decoder):
            defer { endReading(decoder) }
            _ = try? await read(&decoder, deliveringMessages: false)
        case .waitForEnd:
            await waitForEnd()
        case .ended:
            return
        }
    }

    private func waitForEnd() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state in
                guard state.end != nil else {
                    state.endWaiters.append(continuation)
                    return false
                }
                return true
            }
            if ended { continuation.resume() }
        }
    }

    /// Records how the connection ended, closes the stream and wakes the tasks waiting for the end; only the first
    /// call counts.
    private func finish(_ end: End) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard state.end == nil else { return nil }
            state.end = end
            defer { state.endWaiters = [] }
            return state.endWaiters
        }
        guard let waiters else { return }
        stream.close()
        for waiter in waiters { waiter.resume() }
    }

    /// A close frame with `code` (none for `noStatus`) and `reason` cut to fit a control frame.
    static func closeFrame(code: WebSocketCloseCode, reason: String) -> WebSocketFrame {
        guard code != .noStatus else { return WebSocketFrame(opcode: .close) }
        var payload = [UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        var room = WebSocketFrame.maxControlPayloadSize - 2
        for character in reason {
            let bytes = character.utf8
            guard bytes.count <= room else { break }
            payload.append(contentsOf: bytes)
            room -= bytes.count
        }
        return WebSocketFrame(opcode: .close, payload: payload)
    }
}
