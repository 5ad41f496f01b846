import Foundation

/// One task of the workspace, as in `.gitpod.yml`: shell snippets run in order in one terminal.
public struct TaskConfiguration: Codable, Sendable, Equatable {
    public var name: String?
    /// Runs first, every start.
    public var before: String?
    /// Runs on a fresh workspace only (`--fresh`).
    public var `init`: String?
    /// Runs after `init` in headless (prebuild) mode only; Gitpod has deprecated it in favour of `init`.
    public var prebuild: String?
    /// Runs last, every start; usually long-lived.
    public var command: String?
    /// Environment for this task only.
    public var env: [String: String]?

    public init(
        name: String? = nil, before: String? = nil, init: String? = nil, prebuild: String? = nil,
        command: String? = nil, env: [String: String]? = nil
    ) {
        self.name = name
        self.before = before
        self.`init` = `init`
        self.prebuild = prebuild
        self.command = command
        self.env = env
    }
}

/// The supervisor's configuration file: `{"tasks": [...], "env": {...}, "ports": [...], "workspaceRoot": "/workspace",
/// "workspaceLocation": "repo"}`; everything but `tasks` and `env` is optional.
public struct SupervisorConfiguration: Codable, Sendable, Equatable {
    public var tasks: [TaskConfiguration]
    /// Environment for every task and terminal.
    public var env: [String: String]
    /// The configured ports, as `.gitpod.yml` has them.
    public var ports: [SupervisorPortConfiguration]
    /// The directory whose files the browser IDE shows; nil for the workspace directory (`--workspace-dir`).
    public var workspaceRoot: String?
    /// Where the IDE opens, relative to `workspaceRoot` (Gitpod's `workspaceLocation`).
    public var workspaceLocation: String?

    public init(
        tasks: [TaskConfiguration] = [], env: [String: String] = [:], ports: [SupervisorPortConfiguration] = [],
        workspaceRoot: String? = nil, workspaceLocation: String? = nil
    ) {
        self.tasks = tasks
        self.env = env
        self.ports = ports
        self.workspaceRoot = workspaceRoot
        self.workspaceLocation = workspaceLocation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tasks = try container.decodeIfPresent([TaskConfiguration].self, forKey: .tasks) ?? []
        env = try container.decodeIfPresent([String: String].self, forKey: .env) ?? [:]
        ports = try container.decodeIfPresent([SupervisorPortConfiguration].self, forKey: .ports) ?? []
        workspaceRoot = try container.decodeIfPresent(String.self, forKey: .workspaceRoot)
        workspaceLocation = try container.decodeIfPresent(String.self, forKey: .workspaceLocation)
    }

    /// The configuration of `port`: the first entry naming it alone, else the first range holding it.
    public func portConfiguration(for port: Int) -> SupervisorPortConfiguration? {
        ports.first { $0.port == port } ?? ports.first { $0.contains(port) }
    }

    /// Reads the file at `path`.
    /// - Throws: `SupervisorError` naming the file and what is wrong in it.
    public static func load(path: String) throws -> SupervisorConfiguration {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(SupervisorConfiguration.self, from: data)
        } catch {
            throw SupervisorError.invalidConfiguration(path, error)
        }
    }
}
