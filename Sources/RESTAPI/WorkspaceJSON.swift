import Foundation
import Store

/// A workspace as the API answers it.
struct WorkspaceJSON: Encodable, Sendable {
    struct Repository: Encodable, Sendable {
        var cloneURL: String
        var ref: String?
        var commit: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(cloneURL, forKey: .cloneURL)
            try container.encode(ref, forKey: .ref)
            try container.encode(commit, forKey: .commit)
        }

        private enum CodingKeys: String, CodingKey { case cloneURL, ref, commit }
    }

    var id: String
    /// An `InstancePhase`, or `created` before the first start.
    var phase: String
    var phaseTimes: [String: Date]
    var failure: String?
    var contextURL: String
    var repository: Repository
    var contentSource: String?
    var ideURL: String
    var image: String?
    var createdAt: Date
    var ports: [PortJSON]

    init(workspace: Workspace, instance: WorkspaceInstance?, ideURL: String, ports: [PortJSON]) {
        id = workspace.id
        phase = instance?.phase.rawValue ?? "created"
        phaseTimes = Dictionary(
            uniqueKeysWithValues: (instance?.phaseTimes ?? [:]).map { ($0.key.rawValue, $0.value) })
        failure = instance?.phase == .failed ? instance?.failureReason ?? "unknown failure" : nil
        contextURL = workspace.contextURL
        repository = Repository(cloneURL: workspace.cloneURL, ref: workspace.ref, commit: workspace.commit)
        contentSource = instance?.contentSource?.rawValue
        self.ideURL = ideURL
        image = instance?.imageRef
        createdAt = workspace.createdAt
        self.ports = ports
    }

    // Explicit so that `failure` and `contentSource` are written as null rather than left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(phase, forKey: .phase)
        try container.encode(phaseTimes, forKey: .phaseTimes)
        try container.encode(failure, forKey: .failure)
        try container.encode(contextURL, forKey: .contextURL)
        try container.encode(repository, forKey: .repository)
        try container.encode(contentSource, forKey: .contentSource)
        try container.encode(ideURL, forKey: .ideURL)
        try container.encode(image, forKey: .image)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(ports, forKey: .ports)
    }

    private enum CodingKeys: String, CodingKey {
        case id, phase, phaseTimes, failure, contextURL, repository, contentSource, ideURL, image, createdAt, ports
    }
}

/// A port of a workspace: configured, open, or both.
public struct PortJSON: Codable, Sendable, Equatable {
    public var port: Int
    public var url: String
    /// `public` or `private`.
    public var visibility: String
    /// `open` when a process listens on it now, `closed` otherwise.
    public var state: String
}

/// `POST /api/v1/workspaces`.
struct CreateWorkspaceRequest: Decodable {
    var contextURL: String
    var image: String?
    var env: [String: String]?
}

/// `PUT /api/v1/workspaces/:id/ports/:port`.
struct PortVisibilityRequest: Decodable {
    var visibility: String
}
