import CommandLineKit
import SwiftpodClient

/// `swiftpod workspace url ID [PORT]`: the URL of the workspace's IDE, or of one of its ports.
struct WorkspaceURLCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Prints the URL of the workspace's IDE, or of port PORT inside it.",
        parameters: [
            .argument("id", help: "The workspace's ID."),
            .argument("port", optional: true, help: "A port inside the workspace (1-65535)."),
        ]
    )

    let id: String
    let port: Int?

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        port = try parsed.value("port", expected: "a port number from 1 to 65535") { Int($0) }
        if let port, !(1...65535).contains(port) {
            throw ValidationError("invalid value '\(port)' for <port>: expected a port number from 1 to 65535")
        }
    }

    func run() async throws {
        let workspace = try await ClientConnection.run { try await $0.workspace(id: id) }
        ClientOutput.write(Self.url(of: workspace, port: port) + "\n")
    }

    /// The IDE URL, or port N's: the one the server lists, else `<scheme>://N-<IDE host>`.
    static func url(of workspace: Workspace, port: Int?) -> String {
        guard let port else { return workspace.ideURL }
        if let listed = workspace.ports.first(where: { $0.port == port }) { return listed.url }
        guard let separator = workspace.ideURL.range(of: "://") else { return workspace.ideURL }
        return workspace.ideURL[..<separator.upperBound] + "\(port)-" + workspace.ideURL[separator.upperBound...]
    }
}
