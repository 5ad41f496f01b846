import CommandLineKit
import SwiftpodClient

/// `swiftpod ports list ID`: the workspace's configured and open ports.
struct PortsListCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists the workspace's ports: configured in .gitpod.yml, open now, or both.",
        parameters: [
            .argument("id", help: "The workspace's ID."),
            .flag("json", help: "Prints the ports as a JSON array."),
        ]
    )

    let id: String
    let json: Bool

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        json = parsed.flag("json")
    }

    func run() async throws {
        let ports = try await ClientConnection.run { try await $0.ports(workspaceID: id) }
        if json { return ClientOutput.write(try ClientOutput.json(ports)) }
        ClientOutput.write(
            ClientOutput.table(
                ["port", "state", "visibility", "url"], ports.map { ["\($0.port)", $0.state, $0.visibility, $0.url] }))
    }
}
