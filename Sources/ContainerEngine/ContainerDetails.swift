/// A container as `GET /containers/{id}/json` describes it.
public struct ContainerDetails: Sendable, Decodable {
    public var id: String
    /// The name without the leading slash Docker adds.
    public var name: String
    public var image: String?
    public var state: State
    public var labels: [String: String]
    public var environment: [String]

    /// Whether it runs and how it ended.
    public struct State: Sendable, Decodable {
        /// `created`, `running`, `exited`, ...
        public var status: String
        public var running: Bool
        public var exitCode: Int
        public var pid: Int
        public var error: String?

        private enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", exitCode = "ExitCode", pid = "Pid", error = "Error"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = try container.decodeIfPresent(String.self, forKey: .status) ?? ""
            running = try container.decodeIfPresent(Bool.self, forKey: .running) ?? false
            exitCode = try container.decodeIfPresent(Int.self, forKey: .exitCode) ?? 0
            pid = try container.decodeIfPresent(Int.self, forKey: .pid) ?? 0
            error = try container.decodeIfPresent(String.self, forKey: .error)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", image = "Image", state = "State", config = "Config"
    }
    private struct Config: Decodable {
        var labels: [String: String]?
        var environment: [String]?
        var image: String?
        private enum CodingKeys: String, CodingKey { case labels = "Labels", environment = "Env", image = "Image" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        let rawName = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        name = rawName.hasPrefix("/") ? String(rawName.dropFirst()) : rawName
        state = try container.decode(State.self, forKey: .state)
        let config = try container.decodeIfPresent(Config.self, forKey: .config)
        let topImage = try container.decodeIfPresent(String.self, forKey: .image)
        image = config?.image ?? topImage
        labels = config?.labels ?? [:]
        environment = config?.environment ?? []
    }
}
