/// What a container is created from: image, command, environment, mounts and limits.
///
/// Encodes to the body of `POST /containers/create`.
public struct ContainerSpec: Sendable, Encodable {
    public var image: String
    public var command: [String]?
    public var entrypoint: [String]?
    /// `NAME=value` pairs.
    public var environment: [String]
    public var labels: [String: String]
    public var workingDirectory: String?
    /// `user`, `uid` or `uid:gid`.
    public var user: String?
    public var mounts: [BindMount]
    public var userNamespace: UserNamespace?
    public var ulimits: [Ulimit]
    /// Memory limit in bytes.
    public var memoryBytes: Int64?
    /// CPU limit in billionths of a CPU.
    public var nanoCPUs: Int64?
    public var pidsLimit: Int64?
    /// `HostConfig.NetworkMode`: `slirp4netns`, `none`, `bridge`…; nil for the engine's default (a bridge).
    public var networkMode: String?

    public init(
        image: String, command: [String]? = nil, entrypoint: [String]? = nil, environment: [String] = [],
        labels: [String: String] = [:], workingDirectory: String? = nil, user: String? = nil,
        mounts: [BindMount] = [], userNamespace: UserNamespace? = nil, ulimits: [Ulimit] = Ulimit.defaults,
        memoryBytes: Int64? = nil, nanoCPUs: Int64? = nil, pidsLimit: Int64? = nil, networkMode: String? = nil
    ) {
        self.image = image
        self.command = command
        self.entrypoint = entrypoint
        self.environment = environment
        self.labels = labels
        self.workingDirectory = workingDirectory
        self.user = user
        self.mounts = mounts
        self.userNamespace = userNamespace
        self.ulimits = ulimits
        self.memoryBytes = memoryBytes
        self.nanoCPUs = nanoCPUs
        self.pidsLimit = pidsLimit
        self.networkMode = networkMode
    }

    /// A host directory or file mounted into the container.
    public struct BindMount: Sendable, Hashable {
        public var source: String
        public var target: String
        public var readOnly: Bool

        public init(source: String, target: String, readOnly: Bool = false) {
            self.source = source
            self.target = target
            self.readOnly = readOnly
        }

        /// The `Binds` entry: `source:target[:ro]`.
        var bindSpec: String { "\(source):\(target)" + (readOnly ? ":ro" : "") }
    }

    /// How the container's user ids map to the host's.
    public enum UserNamespace: Sendable, Hashable {
        /// The host's own ids (no user namespace).
        case host
        /// A free range of the `containers` user's subordinate ids, `size` ids long (Podman chooses when nil).
        case auto(size: Int? = nil)
        /// Container ids from 0 mapped to host ids from `hostID`, `size` of them (uids and gids alike).
        case mapped(hostID: Int, size: Int)

        /// The `HostConfig.UsernsMode` value, as Podman's compatibility API reads it.
        public var usernsMode: String {
            switch self {
            case .host: "host"
            case .auto(nil): "auto"
            case .auto(let size?): "auto:size=\(size)"
            case .mapped(let hostID, let size):
                "auto:uidmapping=0:\(hostID):\(size),gidmapping=0:\(hostID):\(size)"
            }
        }
    }

    /// A resource limit (`nofile`, `nproc`, ...).
    public struct Ulimit: Sendable, Hashable, Encodable {
        public var name: String
        public var soft: Int64
        public var hard: Int64

        public init(name: String, soft: Int64, hard: Int64) {
            self.name = name
            self.soft = soft
            self.hard = hard
        }

        private enum CodingKeys: String, CodingKey { case name = "Name", soft = "Soft", hard = "Hard" }

        /// `nofile` and `nproc` at 20000: the hard limits on these machines, which a container may not exceed
        /// without CAP_SYS_RESOURCE ("setrlimit: Operation not permitted").
        public static let defaults = [
            Ulimit(name: "nofile", soft: 20000, hard: 20000), Ulimit(name: "nproc", soft: 20000, hard: 20000),
        ]
    }

    private enum CodingKeys: String, CodingKey {
        case image = "Image", command = "Cmd", entrypoint = "Entrypoint", environment = "Env", labels = "Labels"
        case workingDirectory = "WorkingDir", user = "User", hostConfig = "HostConfig"
    }

    private struct HostConfig: Encodable {
        var binds: [String]?
        var usernsMode: String?
        var ulimits: [Ulimit]?
        var memory: Int64?
        var nanoCPUs: Int64?
        var pidsLimit: Int64?
        var networkMode: String?

        private enum CodingKeys: String, CodingKey {
            case binds = "Binds", usernsMode = "UsernsMode", ulimits = "Ulimits", memory = "Memory"
            case nanoCPUs = "NanoCpus", pidsLimit = "PidsLimit", networkMode = "NetworkMode"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(image, forKey: .image)
        try container.encodeIfPresent(command, forKey: .command)
        try container.encodeIfPresent(entrypoint, forKey: .entrypoint)
        try container.encode(environment, forKey: .environment)
        try container.encode(labels, forKey: .labels)
        try container.encodeIfPresent(workingDirectory, forKey: .workingDirectory)
        try container.encodeIfPresent(user, forKey: .user)
        let hostConfig = HostConfig(
            binds: mounts.isEmpty ? nil : mounts.map(\.bindSpec), usernsMode: userNamespace?.usernsMode,
            ulimits: ulimits.isEmpty ? nil : ulimits, memory: memoryBytes, nanoCPUs: nanoCPUs, pidsLimit: pidsLimit,
            networkMode: networkMode)
        try container.encode(hostConfig, forKey: .hostConfig)
    }
}
