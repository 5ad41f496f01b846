import CommandLineKit
import Foundation

/// `gp info [--json]`: the workspace's identity, as the supervisor reports it.
struct InfoCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Displays workspace info, such as its ID and URL.",
        parameters: [.flag("json", short: "j", help: "Prints JSON, as Gitpod's 'gp info --json' does.")]
    )

    /// The JSON `--json` prints: Gitpod's keys, with an empty string for what is not known.
    struct Output: Encodable {
        var workspaceID: String
        var instanceID: String
        var workspaceURL: String
        var clusterHost: String
        var repoRoot: String

        enum CodingKeys: String, CodingKey {
            case workspaceID = "workspace_id", instanceID = "instance_id", workspaceURL = "workspace_url"
            case clusterHost = "cluster_host", repoRoot = "repo_root"
        }
    }

    let json: Bool

    init(parsed: ParsedArguments) throws {
        json = parsed.flag("json")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let info = try await supervisor.info()
        if json {
            let output = Output(
                workspaceID: info.workspaceID ?? "", instanceID: info.instanceID ?? "",
                workspaceURL: info.workspaceURL ?? "", clusterHost: info.clusterHost ?? "",
                repoRoot: info.repoRoot ?? "")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            context.print(String(decoding: try encoder.encode(output), as: UTF8.self))
            return
        }
        let rows = [
            ("Workspace ID", info.workspaceID), ("Instance ID", info.instanceID), ("Workspace URL", info.workspaceURL),
            ("Cluster host", info.clusterHost), ("Repo root", info.repoRoot),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        for (label, value) in rows {
            context.print(label + String(repeating: " ", count: width - label.count) + " : " + (value ?? "-"))
        }
    }
}
