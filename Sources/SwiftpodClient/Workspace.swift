import Foundation

/// A workspace as `/api/v1/workspaces` answers it.
public struct Workspace: Codable, Sendable, Equatable {
    /// The repository a workspace was opened from.
    public struct Repository: Codable, Sendable, Equatable {
        public var cloneURL: String
        public var ref: String?
        public var commit: String

        public init(cloneURL: String, ref: String? = nil, commit: String) {
            self.cloneURL = cloneURL
            self.ref = ref
            self.commit = commit
        }
    }

    public var id: String
    /// The current instance's phase (`preparing` … `running`, `stopping`, `stopped`, `failed`), or `created` before
    /// the first start.
    public var phase: String
    /// When the current instance entered each phase it has passed.
    public var phaseTimes: [String: Date]
    /// Why the instance failed, when `phase` is `failed`.
    public var failure: String?
    public var contextURL: String
    public var repository: Repository
    /// Where the content came from: `git`, `backup` or `prebuild`.
    public var contentSource: String?
    /// The URL of the workspace's IDE host.
    public var ideURL: String
    public var image: String?
    public var createdAt: Date
    public var ports: [WorkspacePort]

    public init(
        id: String, phase: String, phaseTimes: [String: Date] = [:], failure: String? = nil, contextURL: String,
        repository: Repository, contentSource: String? = nil, ideURL: String, image: String? = nil,
        createdAt: Date, ports: [WorkspacePort] = []
    ) {
        self.id = id
        self.phase = phase
        self.phaseTimes = phaseTimes
        self.failure = failure
        self.contextURL = contextURL
        self.repository = repository
        self.contentSource = contentSource
        self.ideURL = ideURL
        self.image = image
        self.createdAt = createdAt
        self.ports = ports
    }
}

/// A port of a workspace: configured in `.gitpod.yml`, open, or both.
public struct WorkspacePort: Codable, Sendable, Equatable {
    public var port: Int
    /// The port's URL through the workspace proxy: `http://3000-<id>.<host>`.
    public var url: String
    /// `public` or `private`.
    public var visibility: String
    /// `open` when a process listens on it now, `closed` otherwise, `unknown` when the workspace could not be asked.
    public var state: String

    public init(port: Int, url: String, visibility: String, state: String) {
        self.port = port
        self.url = url
        self.visibility = visibility
        self.state = state
    }
}

/// What a command run in a workspace did.
public struct ExecResult: Codable, Sendable, Equatable {
    /// The command's exit status; nil when it timed out.
    public var exitCode: Int32?
    /// Its standard output and standard error, interleaved.
    public var output: String
    public var timedOut: Bool
}

/// What `POST /api/v1/workspaces` takes.
public struct CreateWorkspaceRequest: Codable, Sendable, Equatable {
    public var contextURL: String
    /// An image name that replaces the repository's configured image.
    public var image: String?
    /// Environment variables for this workspace alone.
    public var env: [String: String]?

    public init(contextURL: String, image: String? = nil, env: [String: String]? = nil) {
        self.contextURL = contextURL
        self.image = image
        self.env = env
    }
}
