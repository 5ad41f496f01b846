import Foundation
import HTTP
import HTTPServer
import Synchronization

/// What the browser IDE is asked to do, as it happens: open a file (`gp open`), show a URL (`gp preview`), announce
/// a port that started listening. Every open IDE tab subscribes; nothing is kept for tabs that open later.
public final class IDEEvents: Sendable {
    /// One event: its name and its JSON data.
    public struct Event: Sendable, Equatable {
        public var name: String
        public var data: String
    }

    private struct State {
        var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
        var nextSubscriber = 0
        var closed = false
    }
    private let state = Mutex(State())

    public init() {}

    /// How many IDE tabs listen now.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// The events from now on, until the consumer stops iterating or the supervisor stops.
    public func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(100))
        let id = state.withLock { state -> Int in
            defer { state.nextSubscriber += 1 }
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

    /// Sends `value` as event `name` to every subscriber.
    public func publish<Value: Encodable>(_ name: String, _ value: Value) {
        guard let data = try? JSONCoding.encoder.encode(value) else { return }
        let event = Event(name: name, data: String(decoding: data, as: UTF8.self))
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// Ends every subscription: the supervisor is stopping.
    public func close() {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Publishes a `port` event for every port that starts listening, with its configured `onOpen`, except for
    /// ports configured `ignore-completely`; a port that closes and opens again is announced again.
    func announcePorts(from watcher: PortWatcher, configuration: SupervisorConfiguration) async {
        var listening: Set<Int> = []
        for await ports in watcher.changes() {
            let now = Set(ports.map { Int($0.port) })
            for port in now.subtracting(listening).sorted() {
                let onOpen = configuration.portConfiguration(for: port)?.onOpen ?? .notify
                if onOpen != .ignoreCompletely { publish("port", PortOpened(port: port, onOpen: onOpen.rawValue)) }
            }
            listening = now
        }
    }

    /// `GET /ide/events`: the events as Server-Sent Events, with a comment every 15 seconds so that idle
    /// connections stay open through proxies.
    func response() -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-cache")
        let events = subscribe()
        return HTTPResponse(
            status: .ok, headers: headers,
            body: .stream { writer in
                let (lines, sink) = AsyncStream<String>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in events { sink.yield("event: \(event.name)\ndata: \(event.data)\n\n") }
                        sink.finish()  // the supervisor is stopping
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: PortEvents.keepAliveInterval)
                            sink.yield(": keep-alive\n\n")
                        }
                    }
                    defer { group.cancelAll() }
                    // Sent at once, so that the IDE knows it is subscribed before anything happens.
                    try await writer.write(": subscribed\n\n")
                    for await line in lines { try await writer.write(line) }
                }
            })
    }
}

/// The `port` event's data.
struct PortOpened: Encodable {
    var port: Int
    var onOpen: String
}
