import Foundation
import HTTP
import HTTPServer

/// `GET /ports/events`: the listening ports as Server-Sent Events, one `ports` event with the whole list now and
/// after every change, and a comment every 15 seconds so that idle connections stay open through proxies. The IDE's
/// events (`IDEEvents`) are sent the same way.
enum PortEvents {
    static let keepAliveInterval: Duration = .seconds(15)

    static func response(for watcher: PortWatcher, configuration: SupervisorConfiguration) -> HTTPResponse {
        serverSentEvents { sink in
            for await ports in watcher.changes() {
                guard let data = try? JSONEncoder().encode(ports.map { PortResponse($0, configuration: configuration) })
                else { continue }
                sink.yield("event: ports\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
            }
        }
    }

    /// A Server-Sent Events answer: `greeting` first, then the text that `produce` yields, with a keep-alive comment
    /// every 15 seconds, until `produce` returns (the supervisor is stopping) or the client goes away.
    static func serverSentEvents(
        greeting: String? = nil, produce: @escaping @Sendable (AsyncStream<String>.Continuation) async -> Void
    ) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-cache")
        return HTTPResponse(
            status: .ok, headers: headers,
            body: .stream { writer in
                // One writer: the events and the keep-alive ticks are merged into one stream.
                let (events, sink) = AsyncStream<String>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        await produce(sink)
                        sink.finish()
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: keepAliveInterval)
                            sink.yield(": keep-alive\n\n")
                        }
                    }
                    defer { group.cancelAll() }
                    if let greeting { try await writer.write(greeting) }
                    for await event in events { try await writer.write(event) }
                }
            })
    }
}
