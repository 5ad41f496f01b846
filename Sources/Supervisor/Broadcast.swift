import Synchronization

/// Hands every value published to each current subscriber, through a stream of its own. With `replaysLatest`, a new
/// subscriber first gets the latest value, under the same lock as publishing, so that it misses nothing between the
/// two. After `close()` every stream ends, and so do later subscriptions at once.
final class Broadcast<Element: Sendable>: Sendable {
    private struct State {
        var latest: Element?
        var subscribers: [Int: AsyncStream<Element>.Continuation] = [:]
        var nextSubscriber = 0
        var closed = false
    }
    private let state: Mutex<State>
    private let replaysLatest: Bool
    private let bufferSize: Int

    /// - Parameters:
    ///   - initial: the latest value before anything is published, if any.
    ///   - replaysLatest: whether a new subscriber gets the latest value first (when there is one).
    ///   - bufferSize: how many values a slow subscriber may fall behind; older ones are dropped.
    init(initial: Element? = nil, replaysLatest: Bool, bufferSize: Int) {
        state = Mutex(State(latest: initial))
        self.replaysLatest = replaysLatest
        self.bufferSize = bufferSize
    }

    /// The value published last (or the initial one).
    var latest: Element? { state.withLock { $0.latest } }

    /// How many subscribers listen now.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// The values from now on (the latest first, when replayed), until the consumer stops iterating or `close()`.
    func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream<Element>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = state.withLock { state -> Int in
            defer { state.nextSubscriber += 1 }
            if replaysLatest, let latest = state.latest { continuation.yield(latest) }
            if state.closed {
                continuation.finish()
            } else {
                state.subscribers[state.nextSubscriber] = continuation
            }
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Publishes the value `change` makes of the latest one, unless it returns nil.
    /// - Returns: the value published, or nil.
    @discardableResult
    func publish(_ change: (Element?) -> Element?) -> Element? {
        state.withLock { state in
            guard let value = change(state.latest) else { return nil }
            state.latest = value
            for subscriber in state.subscribers.values { subscriber.yield(value) }
            return value
        }
    }

    /// Ends every subscription, now and for later subscribers.
    func close() {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
