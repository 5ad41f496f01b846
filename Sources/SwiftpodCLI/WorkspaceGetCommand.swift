import CommandLineKit
import SwiftpodClient

/// `swiftpod workspace get ID`: one workspace in detail.
struct WorkspaceGetCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Shows a workspace: its phase, repository, URLs and ports.",
        parameters: [
            .argument("id", help: "The workspace's ID."),
            .flag("json", help: "Prints the workspace as JSON."),
        ]
    )

    let id: String
    let json: Bool

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        json = parsed.flag("json")
    }

    func run() async throws {
        let workspace = try await ClientConnection.run { try await $0.workspace(id: id) }
        ClientOutput.write(json ? try ClientOutput.json(workspace) : Self.summary(workspace))
    }

    /// `label  value` lines.
    static func summary(_ workspace: Workspace) -> String {
        var lines: [(String, String)] = [("id", workspace.id), ("phase", workspace.phase)]
        if let failure = workspace.failure { lines.append(("failure", failure)) }
        lines += [
            ("context URL", workspace.contextURL), ("repository", workspace.repository.cloneURL),
            ("ref", workspace.repository.ref ?? "-"), ("commit", workspace.repository.commit),
        ]
        if let source = workspace.contentSource { lines.append(("content", source)) }
        if let image = workspace.image { lines.append(("image", image)) }
        lines.append(("IDE", workspace.ideURL))
        for port in workspace.ports {
            lines.append(("port \(port.port)", "\(port.url) (\(port.visibility), \(port.state))"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 + "\n" }.joined()
    }
}
