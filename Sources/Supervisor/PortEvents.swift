import Foundation
import HTTP
import HTTPServer

/// `GET /ports/events`: the listening ports as Server-Sent Events, one `ports` event with the whole list now and
/// after every change, and a comment every 15 seconds so that idle connections stay open through proxies.
enum PortEvents {
    static let keepAliveInterval: Duration = .seconds(15)

    static func response(for watcher: PortWatcher, configuration: SupervisorConfiguration) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-cache")
        return HTTPResponse(
            status: .ok, headers: headers,
            body: .stream { writer in
                // One writer: the port changes and the keep-alive ticks are merged into one stream.
                let (events, sink) = AsyncStream<String>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await ports in watcher.changes() {
                            let data = try JSONEncoder().encode(
                                ports.map { PortResponse($0, configuration: configuration) })
                            sink.yield("event: ports\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
                        }
                        sink.finish()  // the supervisor is stopping
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: keepAliveInterval)
                            sink.yield(": keep-alive\n\n")
                        }
                    }
                    defer { group.cancelAll() }
                    for await event in events { try await writer.write(event) }
                }
            })
    }
}
