/// The bodies of a workspace's channel to the server: the routes the server serves on `run/server.sock` in each
/// workspace, which `gp` reaches through the supervisor's relay (`/server/…`). The server knows the workspace by the
/// socket, so no body names it. Both ends use these types, so they cannot drift apart.
public enum WorkspaceChannel {
    /// `GET /workspace`.
    public struct Workspace: Codable, Sendable, Equatable {
        public var workspaceID: String
        public var instanceID: String?
        public var phase: String?
        /// The owner's username.
        public var owner: String
        public var contextURL: String
        public var cloneURL: String
        /// `owner/repo`, when the clone URL names them.
        public var repository: String?
        public var commit: String
        public var timeout: Timeout

        public init(
            workspaceID: String, instanceID: String?, phase: String?, owner: String, contextURL: String,
            cloneURL: String, repository: String?, commit: String, timeout: Timeout
        ) {
            self.workspaceID = workspaceID
            self.instanceID = instanceID
            self.phase = phase
            self.owner = owner
            self.contextURL = contextURL
            self.cloneURL = cloneURL
            self.repository = repository
            self.commit = commit
            self.timeout = timeout
        }
    }

    /// An environment variable and the repository pattern it is set for (none in a request to set it).
    public struct Variable: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
        public var repositoryPattern: String?

        public init(name: String, value: String, repositoryPattern: String? = nil) {
            self.name = name
            self.value = value
            self.repositoryPattern = repositoryPattern
        }
    }

    /// `GET /env`, and the answer to `PUT /env`.
    public struct Variables: Codable, Sendable, Equatable {
        /// The repository's `owner/repo`; nil when its URL names none.
        public var repositoryPattern: String?
        public var variables: [Variable]

        public init(repositoryPattern: String?, variables: [Variable]) {
            self.repositoryPattern = repositoryPattern
            self.variables = variables
        }
    }

    /// `PUT /env`: variables to set for the workspace's repository.
    public struct SetVariables: Codable, Sendable, Equatable {
        public var variables: [Variable]

        public init(variables: [Variable]) {
            self.variables = variables
        }
    }

    /// The answer to `DELETE /env/:name`.
    public struct Unset: Codable, Sendable, Equatable {
        public var name: String
        public var repositoryPattern: String
        /// False when no variable of that name was set for the repository.
        public var deleted: Bool

        public init(name: String, repositoryPattern: String, deleted: Bool) {
            self.name = name
            self.repositoryPattern = repositoryPattern
            self.deleted = deleted
        }
    }

    /// `GET /timeout`, and the answer to setting or extending it.
    public struct Timeout: Codable, Sendable, Equatable {
        /// `30m`, `2h`.
        public var timeout: String
        public var seconds: Int64
        /// `2 hours`.
        public var humanReadable: String
        /// Whether it is the server's default, not the workspace's own.
        public var isDefault: Bool

        public init(timeout: String, seconds: Int64, humanReadable: String, isDefault: Bool) {
            self.timeout = timeout
            self.seconds = seconds
            self.humanReadable = humanReadable
            self.isDefault = isDefault
        }
    }

    /// `PUT /timeout`: a duration in Go's notation (`2h`).
    public struct SetTimeout: Codable, Sendable, Equatable {
        public var timeout: String

        public init(timeout: String) {
            self.timeout = timeout
        }
    }

    /// `PUT /ports/:port`: `public` or `private`.
    public struct SetPortVisibility: Codable, Sendable, Equatable {
        public var visibility: String

        public init(visibility: String) {
            self.visibility = visibility
        }
    }

    /// The answer to `POST /stop`: the server stops the workspace after answering.
    public struct Stop: Codable, Sendable, Equatable {
        public var workspaceID: String
        public var phase: String

        public init(workspaceID: String, phase: String) {
            self.workspaceID = workspaceID
            self.phase = phase
        }
    }
}
