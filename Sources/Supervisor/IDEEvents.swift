import Foundation
import HTTP
import HTTPServer

/// What the browser IDE is asked to do, as it happens: open a file (`gp open`), show a URL (`gp preview`), announce
/// a port that started listening. Every open IDE tab subscribes; nothing is kept for tabs that open later.
public final class IDEEvents: Sendable {
    /// One event: its name and its JSON data.
    public struct Event: Sendable, Equatable {
        public var name: String
        public var data: String
    }

    private let broadcast = Broadcast<Event>(replaysLatest: false, bufferSize: 100)

    public init() {}

    /// How many IDE tabs listen now.
    public var subscriberCount: Int { broadcast.subscriberCount }

    /// The events from now on, until the consumer stops iterating or the supervisor stops.
    public func subscribe() -> AsyncStream<Event> { broadcast.subscribe() }

    /// Sends `value` as event `name` to every subscriber.
    public func publish<Value: Encodable>(_ name: String, _ value: Value) {
        guard let data = try? JSONCoding.encoder.encode(value) else { return }
        broadcast.publish { _ in Event(name: name, data: String(decoding: data, as: UTF8.self)) }
    }

    /// Ends every subscription: the supervisor is stopping.
    public func close() { broadcast.close() }

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
        let events = subscribe()
        // Sent at once, so that the IDE knows it is subscribed before anything happens.
        return PortEvents.serverSentEvents(greeting: ": subscribed\n\n") { sink in
            for await event in events { sink.yield("event: \(event.name)\ndata: \(event.data)\n\n") }
        }
    }
}

/// The `port` event's data.
struct PortOpened: Encodable {
    var port: Int
    var onOpen: String
}
