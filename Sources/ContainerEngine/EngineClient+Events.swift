import Basics
import Foundation

/// One event from `GET /events`: a container started, an image was tagged, ...
public struct EngineEvent: Sendable, Decodable {
    /// `container`, `image`, `network`, `volume`, ...
    public var type: String
    /// `create`, `start`, `die`, `stop`, `destroy`, `tag`, ...
    public var action: String
    /// The object's ID.
    public var actorID: String
    /// The object's attributes: its `name`, `image`, labels, and for `die` the `exitCode`.
    public var attributes: [String: String]
    /// Seconds since 1970, when the engine sends it.
    public var time: Int64?

    private enum CodingKeys: String, CodingKey { case type = "Type", action = "Action", actor = "Actor", time }
    private struct Actor: Decodable {
        var id: String?
        var attributes: [String: String]?
        private enum CodingKeys: String, CodingKey { case id = "ID", attributes = "Attributes" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        action = try container.decodeIfPresent(String.self, forKey: .action) ?? ""
        let actor = try container.decodeIfPresent(Actor.self, forKey: .actor)
        actorID = actor?.id ?? ""
        attributes = actor?.attributes ?? [:]
        time = try container.decodeIfPresent(Int64.self, forKey: .time)
    }
}

extension EngineClient {
    /// Streams the engine's events as they happen, for as long as the caller iterates.
    /// - Parameters:
    ///   - filters: the engine's filters, such as `["type": ["container"], "event": ["start"], "label": ["a=b"]]`.
    ///   - since: a Unix time to replay past events from.
    ///   - deadline: when to give up waiting for the stream to open; the events themselves have no deadline.
    public func events(
        filters: [String: [String]] = [:], since: Int64? = nil, deadline: ContinuousClock.Instant? = nil
    ) async throws -> JSONLineSequence<EngineEvent> {
        var query: [(String, String)] = []
        if !filters.isEmpty { query.append(("filters", try EngineClient.filtersJSON(filters))) }
        if let since { query.append(("since", String(since))) }
        let response = try await open(request(.get, "/events", query: query), deadline: deadline)
        return JSONLineSequence(response: response) { line in
            try EngineClient.decode(EngineEvent.self, line, context: "an event")
        }
    }
}
