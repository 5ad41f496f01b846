import Basics
import Foundation
import HTTP
import HTTPClient
import NetIO
import Supervisor
import TestSupport
import Testing

/// The browser IDE's live events, its configuration, and ports configured not to be forwarded.
@Suite struct IDERoutesTests {
    typealias Harness = SupervisorHarness

    /// One subscriber of `GET /ide/events`.
    final class EventReader: @unchecked Sendable {
        // Read by one test task at a time.
        let events: EventStreamReader
        var response: HTTPClientResponse { events.response }
        /// The events `next` skipped: ports the host itself listens on, announced as the supervisor starts.
        private(set) var skipped: [String] = []

        init(_ harness: Harness) async throws {
            events = EventStreamReader(
                try await harness.client.execute(
                    HTTPClientRequest(url: "http+unix://\(harness.encodedSocket)/ide/events")))
        }

        /// The next event as `name data`, skipping `port` events other than `port`'s.
        func next(port: UInt16? = nil) async throws -> String {
            while true {
                let event = try await events.next()
                if event.hasPrefix("port ") && (port == nil || !event.hasSuffix("\"port\":\(port ?? 0)}")) {
                    skipped.append(event)
                    continue
                }
                return event
            }
        }
    }

    private func post(_ harness: Harness, _ path: String, _ json: String) async throws -> Harness.Answer {
        try await harness.send(.post, path, body: Array(json.utf8), headers: ["Content-Type": "application/json"])
    }

    @Test func openAndPreviewReachEveryIDETab() async throws {
        let harness = try await Harness.startWithFiles()
        let first = try await EventReader(harness)
        let second = try await EventReader(harness)
        #expect(first.response.headers["Content-Type"] == "text/event-stream")
        #expect(try await post(harness, "/ide/open", #"{"path":"src/main.swift"}"#).status == 204)
        #expect(try await post(harness, "/ide/open", #"{"path":"\#(harness.root)/README.md"}"#).status == 204)
        #expect(try await post(harness, "/ide/preview", #"{"url":"http://3000-abc.localhost:8080/"}"#).status == 204)
        #expect(
            try await post(harness, "/ide/preview", #"{"url":"https://example.com/docs","external":true}"#).status
                == 204)
        for reader in [first, second] {
            #expect(try await reader.next() == #"open {"path":"src/main.swift"}"#)
            #expect(try await reader.next() == #"open {"path":"README.md"}"#)
            #expect(try await reader.next() == #"preview {"url":"http://3000-abc.localhost:8080/"}"#)
            #expect(try await reader.next() == #"preview {"external":true,"url":"https://example.com/docs"}"#)
        }

        let outside = try await post(harness, "/ide/open", #"{"path":"/etc/passwd"}"#)
        #expect(outside.status == 400)
        #expect(
            outside.errorMessage == "'/etc/passwd' is outside \(harness.root): the IDE opens the workspace's files only"
        )
        #expect(try await post(harness, "/ide/open", #"{"path":"a/../../b"}"#).status == 400)
        let notHTTP = try await post(harness, "/ide/preview", #"{"url":"file:///etc/passwd"}"#)
        #expect(notHTTP.status == 400)
        #expect(notHTTP.errorMessage == "'file:///etc/passwd' is not an http:// or https:// URL")
        #expect(try await post(harness, "/ide/preview", #"{"link":"x"}"#).status == 400)
        try await harness.stop()
        // Stopping the supervisor ends the streams.
        #expect(try await first.next() == "end")
    }

    @Test func aPortThatStartsListeningIsAnnouncedUnlessIgnoredCompletely() async throws {
        let announced = try freePort()
        let ignored = try freePort()
        let configuration = SupervisorConfiguration(ports: [
            SupervisorPortConfiguration(port: Int(announced), name: "web", onOpen: .openPreview),
            SupervisorPortConfiguration(range: Int(ignored)...Int(ignored), onOpen: .ignoreCompletely),
        ])
        let harness = try await Harness.startWithFiles(configuration: configuration)
        let reader = try await EventReader(harness)
        let hidden = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:\(ignored)"))
        defer { hidden.close() }
        // Seen by the supervisor, and listed with its onOpen, before the other port opens.
        try await withTimeout {
            while !(try await harness.send(.get, "/ports").text.contains(
                #""onOpen":"ignore-completely","port":\#(ignored)"#))
            {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let web = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:\(announced)"))
        defer { web.close() }
        #expect(try await reader.next(port: announced) == #"port {"onOpen":"open-preview","port":\#(announced)}"#)
        #expect(!reader.skipped.contains { $0.hasSuffix("\"port\":\(ignored)}") }, "\(reader.skipped)")
        try await harness.stop()
    }

    @Test func theConfigurationTellsWhereToOpenAndWhichPortsAreConfigured() async throws {
        let configuration = SupervisorConfiguration(
            ports: [
                SupervisorPortConfiguration(
                    port: 3000, name: "web", description: "The app", onOpen: .openBrowser, visibility: "public"),
                SupervisorPortConfiguration(range: 9000...9100, onOpen: .ignore),
            ],
            workspaceLocation: "repo/app")
        let harness = try await Harness.startWithFiles(configuration: configuration)
        let answer = try await harness.send(.get, "/ide/config")
        #expect(answer.status == 200)
        #expect(
            answer.text
                == #"{"ports":[{"description":"The app","name":"web","onOpen":"open-browser","port":3000,"#
                + #""visibility":"public"},{"onOpen":"ignore","range":[9000,9100],"visibility":"private"}],"#
                + #""workspaceLocation":"repo/app"}"#)
        try await harness.stop()

        let bare = try await Harness.startWithFiles()
        #expect(try await bare.send(.get, "/ide/config").text == #"{"ports":[],"workspaceLocation":""}"#)
        try await bare.stop()
    }

    @Test func theTunnelRefusesAPortConfiguredNotToBeForwarded() async throws {
        let port = try freePort()
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:\(port)"))
        defer { listener.close() }
        let harness = try await Harness.startWithFiles(
            configuration: SupervisorConfiguration(ports: [
                SupervisorPortConfiguration(port: Int(port), onOpen: .ignoreCompletely)
            ]))
        let response = try await HTTPClient().execute(
            HTTPClientRequest(endpoint: .unix(path: harness.socketPath), method: .connect, target: "127.0.0.1:\(port)"))
        #expect(response.status.code == 403)
        let body = String(decoding: try await response.collect(maxBytes: 1 << 16).readableView, as: UTF8.self)
        #expect(body.contains("port \(port) is configured not to be forwarded"))
        try await harness.stop()
    }

    private func freePort() throws -> UInt16 {
        let listener = try SocketListener(address: try SocketAddress(parsing: "127.0.0.1:0"))
        defer { listener.close() }
        return listener.address.port ?? 0
    }
}
