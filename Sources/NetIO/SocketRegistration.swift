import Synchronization

/// The readiness of one file descriptor in the event loop, and the tasks waiting for it.
///
/// The loop's thread reports edges (`readable`, `writable`); a task that saw `EAGAIN` waits. An edge that arrives
/// while nobody waits is remembered, so a waiter that comes a moment later does not miss it.
final class SocketRegistration: Sendable {
    enum Direction { case read, write }

    private struct Waiter {
        var continuation: UnsafeContinuation<Void, any Error>
        var deadline: ContinuousClock.Instant?
    }

    private struct State {
        var readReady = true
        var writeReady = true
        var reader: Waiter?
        var writer: Waiter?
        var closed = false
    }

    let fd: Int32
    private let state = Mutex(State())

    init(fd: Int32) {
        self.fd = fd
    }

    /// Waits until the loop reports the direction ready, the deadline passes, the task is cancelled or the socket closes.
    func wait(for direction: Direction, deadline: ContinuousClock.Instant?) async throws {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if state.closed { return .failure(NetIOError.closed) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    switch direction {
                    case .read:
                        if state.readReady {
                            state.readReady = false
                            return .success(())
                        }
                        state.reader = Waiter(continuation: continuation, deadline: deadline)
                    case .write:
                        if state.writeReady {
                            state.writeReady = false
                            return .success(())
                        }
                        state.writer = Waiter(continuation: continuation, deadline: deadline)
                    }
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            resume(direction, with: .failure(CancellationError()))
        }
    }

    /// Called by the loop's thread with the readiness it saw.
    func signal(readable: Bool, writable: Bool) {
        let (reader, writer) = state.withLock { state -> (Waiter?, Waiter?) in
            var reader: Waiter?
            var writer: Waiter?
            if readable {
                if let waiter = state.reader {
                    reader = waiter
                    state.reader = nil
                } else {
                    state.readReady = true
                }
            }
            if writable {
                if let waiter = state.writer {
                    writer = waiter
                    state.writer = nil
                } else {
                    state.writeReady = true
                }
            }
            return (reader, writer)
        }
        reader?.continuation.resume()
        writer?.continuation.resume()
    }

    /// Fails the waiters whose deadline has passed.
    func expireDeadlines(now: ContinuousClock.Instant) {
        let expired = state.withLock { state -> [Waiter] in
            var expired: [Waiter] = []
            if let reader = state.reader, let deadline = reader.deadline, deadline <= now {
                expired.append(reader)
                state.reader = nil
            }
            if let writer = state.writer, let deadline = writer.deadline, deadline <= now {
                expired.append(writer)
                state.writer = nil
            }
            return expired
        }
        for waiter in expired { waiter.continuation.resume(throwing: NetIOError.timedOut("waiting on the socket")) }
    }

    /// Marks the registration closed and fails every waiter.
    func close() {
        let waiters = state.withLock { state -> [Waiter] in
            state.closed = true
            let waiters = [state.reader, state.writer].compactMap { $0 }
            state.reader = nil
            state.writer = nil
            return waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: NetIOError.closed) }
    }

    private func resume(_ direction: Direction, with result: Result<Void, any Error>) {
        let waiter = state.withLock { state -> Waiter? in
            switch direction {
            case .read:
                defer { state.reader = nil }
                return state.reader
            case .write:
                defer { state.writer = nil }
                return state.writer
            }
        }
        waiter?.continuation.resume(with: result)
    }
}
