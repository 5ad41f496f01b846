import CommandLineKit
import Foundation

/// `gp info [--json]`: the workspace's identity, as the supervisor reports it, and what the server knows of it (its
/// owner, repository and timeout) when the server is connected.
struct InfoCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Displays workspace info, such as its ID and URL.",
        parameters: [.flag("json", short: "j", help: "Prints JSON, as Gitpod's 'gp info --json' does.")]
    )

    /// The JSON `--json` prints: Gitpod's keys, with an empty string for what is not known, and the server's
    /// `owner`, `repository` and `timeout` when it answers.
    struct Output: Encodable {
        var workspaceID: String
        var instanceID: String
        var workspaceURL: String
        var clusterHost: String
        var repoRoot: String
        var owner: String?
        var repository: String?
        var timeout: String?

        enum CodingKeys: String, CodingKey {
            case workspaceID = "workspace_id", instanceID = "instance_id", workspaceURL = "workspace_url"
            case clusterHost = "cluster_host", repoRoot = "repo_root", owner, repository, timeout
        }
    }

    let json: Bool

    init(parsed: ParsedArguments) throws {
        json = parsed.flag("json")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let info = try await supervisor.info()
        // The local identity is enough without a server: `gp info` works in any workspace.
        let server = try? await supervisor.serverWorkspace()
        if json {
            let output = Output(
                workspaceID: info.workspaceID ?? server?.workspaceID ?? "",
                instanceID: info.instanceID ?? server?.instanceID ?? "", workspaceURL: info.workspaceURL ?? "",
                clusterHost: info.clusterHost ?? "", repoRoot: info.repoRoot ?? "", owner: server?.owner,
                repository: server.map { $0.repository ?? "" }, timeout: server?.timeout.timeout)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            context.print(String(decoding: try encoder.encode(output), as: UTF8.self))
            return
        }
        var rows = [
            ("Workspace ID", info.workspaceID ?? server?.workspaceID),
            ("Instance ID", info.instanceID ?? server?.instanceID),
            ("Workspace URL", info.workspaceURL), ("Cluster host", info.clusterHost), ("Repo root", info.repoRoot),
        ]
        if let server {
            rows += [("Owner", server.owner), ("Repository", server.repository), ("Timeout", server.timeout.timeout)]
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (label, value) in rows {
            context.print(label + String(repeating: " ", count: width - label.count) + " : " + (value ?? "-"))
        }
    }
}
