import Dispatch
import Glibc
import Synchronization

/// Waits for SIGINT or SIGTERM, the signals that ask a server to stop gracefully.
public enum TerminationSignal {
    /// Unblocks SIGINT and SIGTERM in the calling thread. Call it first thing on the main thread: a parent may have
    /// started the process with them blocked (children of Swift's concurrency threads are), and a blocked signal
    /// would never reach `wait()`.
    public static func unblockInCurrentThread() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Returns the number of the first termination signal the process receives.
    public static func wait() async -> Int32 {
        let numbers = [SIGINT, SIGTERM]
        for number in numbers { signal(number, SIG_IGN) }
        let queue = DispatchQueue(label: "swiftpod.signals")
        let waiter = SignalWaiter()
        let sources = numbers.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { waiter.deliver(number) }
            source.resume()
            return source
        }
        let number = await withTaskCancellationHandler {
            await withCheckedContinuation { waiter.install($0) }
        } onCancel: {
            waiter.deliver(0)
        }
        for source in sources { source.cancel() }
        return number
    }
}

/// Hands the first signal to the waiting task, whichever comes first.
private final class SignalWaiter: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Int32, Never>?
        var delivered: Int32?
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Int32, Never>) {
        let ready = state.withLock { state -> Int32? in
            if let delivered = state.delivered { return delivered }
            state.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(returning: ready) }
    }

    func deliver(_ number: Int32) {
        let continuation = state.withLock { state -> CheckedContinuation<Int32, Never>? in
            guard state.delivered == nil else { return nil }
            state.delivered = number
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: number)
    }
}
