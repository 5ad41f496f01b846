import Foundation
import Synchronization

/// Polls the kernel's TCP tables and reports when the set of listening ports changes.
public final class PortWatcher: Sendable {
    /// Reads the tables' text; the real one reads `/proc/net/tcp` and `/proc/net/tcp6`.
    public typealias TableReader = @Sendable () -> [String]

    private let read: TableReader
    private let interval: Duration
    private struct State {
        var ports: [ListeningPort] = []
        var subscribers: [Int: AsyncStream<[ListeningPort]>.Continuation] = [:]
        var nextSubscriber = 0
        var closed = false
    }
    private let state = Mutex(State())

    /// - Parameters:
    ///   - interval: how often to poll.
    ///   - read: where the tables come from.
    public init(interval: Duration = .milliseconds(500), read: @escaping TableReader = PortWatcher.readProcNetTCP) {
        self.interval = interval
        self.read = read
    }

    /// The ports seen by the latest poll.
    public var ports: [ListeningPort] { state.withLock { $0.ports } }

    /// The ports now, then the full list after every change, until the consumer stops iterating.
    public func changes() -> AsyncStream<[ListeningPort]> {
        let (stream, continuation) = AsyncStream<[ListeningPort]>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            defer { state.nextSubscriber += 1 }
            continuation.yield(state.ports)
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

    /// Polls once; returns the new ports when they differ from the last poll, nil otherwise.
    @discardableResult
    public func poll() -> [ListeningPort]? {
        let ports = ProcNetTCP.listeningPorts(inTables: read())
        return state.withLock { state in
            guard state.ports != ports else { return nil }
            state.ports = ports
            for subscriber in state.subscribers.values { subscriber.yield(ports) }
            return ports
        }
    }

    /// Polls until the task is cancelled, calling `onChange` with the full list after every change.
    public func run(onChange: @Sendable ([ListeningPort]) async -> Void = { _ in }) async {
        while !Task.isCancelled {
            if let ports = poll() { await onChange(ports) }
            try? await Task.sleep(for: interval)
        }
        close()
    }

    /// Ends every subscriber's stream, now and for later subscribers: the supervisor is stopping.
    public func close() {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Reads `/proc/net/tcp` and `/proc/net/tcp6`; a missing table (no IPv6) reads as empty.
    public static let readProcNetTCP: TableReader = {
        ["/proc/net/tcp", "/proc/net/tcp6"].map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }
    }
}
