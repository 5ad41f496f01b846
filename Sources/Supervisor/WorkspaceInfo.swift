import Basics

/// The workspace's identity, as `GET /info` reports it and `gp info` prints it.
///
/// The workspace manager sets the `GITPOD_*` variables in the supervisor's environment; each may be absent until it
/// does.
public struct WorkspaceInfo: Codable, Sendable, Equatable {
    public var workspaceID: String?
    public var instanceID: String?
    /// `http://<wsid>.<host>`: the workspace's IDE; port N is at `http://N-<wsid>.<host>`.
    public var workspaceURL: String?
    public var clusterHost: String?
    public var repoRoot: String?
    /// The URL the workspace was started from.
    public var contextURL: String?
    /// The supervisor's version.
    public var version: String

    public init(
        workspaceID: String? = nil, instanceID: String? = nil, workspaceURL: String? = nil,
        clusterHost: String? = nil, repoRoot: String? = nil, contextURL: String? = nil,
        version: String = SwiftpodVersion.current
    ) {
        self.workspaceID = workspaceID
        self.instanceID = instanceID
        self.workspaceURL = workspaceURL
        self.clusterHost = clusterHost
        self.repoRoot = repoRoot
        self.contextURL = contextURL
        self.version = version
    }

    /// The identity in `environment`; empty values count as absent.
    public init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        self.init(
            workspaceID: value("GITPOD_WORKSPACE_ID"), instanceID: value("GITPOD_INSTANCE_ID"),
            workspaceURL: value("GITPOD_WORKSPACE_URL"), clusterHost: value("GITPOD_WORKSPACE_CLUSTER_HOST"),
            repoRoot: value("GITPOD_REPO_ROOT"), contextURL: value("GITPOD_WORKSPACE_CONTEXT_URL"))
    }
}
