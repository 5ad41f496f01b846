import Basics
import Foundation
import HTTP
import HTTPClient

extension EngineClient {
    /// Creates a container and returns its ID.
    /// - Parameter name: the container's name; the engine chooses one when nil.
    public func createContainer(
        name: String? = nil, _ spec: ContainerSpec, deadline: ContinuousClock.Instant? = nil
    ) async throws -> String {
        let query = name.map { [("name", $0)] } ?? []
        let created = try await sendJSON(
            CreatedObject.self,
            request(
                .post, "/containers/create", query: query, headers: EngineClient.jsonHeaders,
                body: try EngineClient.encode(spec)),
            deadline: deadline)
        return created.id
    }

    /// Starts a container; starting one that already runs is not an error.
    public func startContainer(_ id: String, deadline: ContinuousClock.Instant? = nil) async throws {
        _ = try await send(
            request(.post, "/containers/\(Self.percentEncode(id))/start"), accepting: [304], deadline: deadline)
    }

    /// Stops a container: SIGTERM, then SIGKILL after `timeout`. Stopping one that is not running is not an error.
    public func stopContainer(
        _ id: String, timeout: Duration = .seconds(10), deadline: ContinuousClock.Instant? = nil
    ) async throws {
        let seconds = max(0, Int(timeout.components.seconds))
        _ = try await send(
            request(.post, "/containers/\(Self.percentEncode(id))/stop", query: [("t", String(seconds))]),
            accepting: [304], deadline: deadline ?? .now + timeout + defaultTimeout)
    }

    /// Sends a signal (`SIGKILL`, `SIGTERM`, `HUP`, ...) to a container's main process.
    public func killContainer(
        _ id: String, signal: String = "SIGKILL", deadline: ContinuousClock.Instant? = nil
    ) async throws {
        _ = try await send(
            request(.post, "/containers/\(Self.percentEncode(id))/kill", query: [("signal", signal)]),
            deadline: deadline)
    }

    /// Waits until a container is no longer running and returns its exit code.
    /// - Parameter timeout: how long to wait for it to end.
    public func waitContainer(_ id: String, timeout: Duration) async throws -> Int {
        struct Waited: Decodable {
            var statusCode: Int
            var error: ErrorBody?
            struct ErrorBody: Decodable {
                var message: String?
                private enum CodingKeys: String, CodingKey { case message = "Message" }
            }
            private enum CodingKeys: String, CodingKey { case statusCode = "StatusCode", error = "Error" }
        }
        let waited = try await sendJSON(
            Waited.self,
            request(.post, "/containers/\(Self.percentEncode(id))/wait", query: [("condition", "not-running")]),
            deadline: .now + timeout)
        if let message = waited.error?.message, !message.isEmpty {
            throw ContainerEngineError(code: .engineFailure, message: message)
        }
        return waited.statusCode
    }

    /// Describes a container by name or ID.
    public func inspectContainer(
        _ id: String, deadline: ContinuousClock.Instant? = nil
    ) async throws -> ContainerDetails {
        try await sendJSON(
            ContainerDetails.self, request(.get, "/containers/\(Self.percentEncode(id))/json"), deadline: deadline)
    }

    /// Lists containers (running ones unless `all`), optionally only those with a label (`key` or `key=value`).
    public func listContainers(
        all: Bool = true, label: String? = nil, deadline: ContinuousClock.Instant? = nil
    ) async throws -> [ContainerSummary] {
        var query = [("all", all ? "1" : "0")]
        if let label { query.append(("filters", try EngineClient.filtersJSON(["label": [label]]))) }
        return try await sendJSON(
            [ContainerSummary].self, request(.get, "/containers/json", query: query), deadline: deadline)
    }

    /// Removes a container; `force` kills it first when it runs. Its anonymous volumes go with it.
    ///
    /// Podman 4.3 sometimes fails to remove a container that has just ended, while its cleanup process still holds
    /// the container's `shm` mount ("device or resource busy"): such a failure is retried for a few seconds.
    public func removeContainer(
        _ id: String, force: Bool = true, deadline: ContinuousClock.Instant? = nil
    ) async throws {
        let deadline = deadline ?? .now + defaultTimeout
        var attempt = 0
        while true {
            attempt += 1
            do {
                _ = try await send(
                    request(
                        .delete, "/containers/\(Self.percentEncode(id))",
                        query: [("force", force ? "1" : "0"), ("v", "1")]),
                    deadline: deadline)
                return
            } catch let error as ContainerEngineError {
                // An earlier attempt that failed half-way may already have removed it.
                if attempt > 1 && error.code == .notFound { return }
                let busy = error.code == .engineFailure && error.message.contains("device or resource busy")
                guard busy, attempt < 20, ContinuousClock.now + .milliseconds(250) < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Reads the logs a container has written so far, standard output and standard error apart.
    /// - Parameter maxBytes: the most log bytes to read; more is an error.
    public func containerLogs(
        _ id: String, tail: Int? = nil, maxBytes: Int = 16 << 20, deadline: ContinuousClock.Instant? = nil
    ) async throws -> ProcessOutput {
        var query = [("stdout", "1"), ("stderr", "1")]
        if let tail { query.append(("tail", String(tail))) }
        let (_, body) = try await send(
            request(.get, "/containers/\(Self.percentEncode(id))/logs", query: query), deadline: deadline,
            maxBytes: maxBytes)
        var decoder = MultiplexedStreamDecoder()
        decoder.feed(ByteBuffer(bytes: body))
        var output = ProcessOutput()
        while let frame = try decoder.next() { output.append(frame) }
        return output
    }
}

/// A container as `GET /containers/json` lists it.
public struct ContainerSummary: Sendable, Decodable {
    public var id: String
    public var names: [String]
    public var image: String?
    public var state: String?
    public var labels: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", state = "State", labels = "Labels"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        names = (try container.decodeIfPresent([String].self, forKey: .names) ?? []).map {
            $0.hasPrefix("/") ? String($0.dropFirst()) : $0
        }
        image = try container.decodeIfPresent(String.self, forKey: .image)
        state = try container.decodeIfPresent(String.self, forKey: .state)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    }
}
