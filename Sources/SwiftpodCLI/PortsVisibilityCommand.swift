import CommandLineKit
import SwiftpodClient

/// `swiftpod ports visibility ID PORT public|private`.
struct PortsVisibilityCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "visibility",
        abstract: "Makes a port public (anyone with the URL reaches it) or private (only you).",
        parameters: [
            .argument("id", help: "The workspace's ID."),
            .argument("port", help: "The port (1-65535)."),
            .argument("visibility", help: "public or private."),
        ]
    )

    let id: String
    let port: Int
    let visibility: String

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        guard let port = try parsed.value("port", expected: "a port number from 1 to 65535", { Int($0) }),
            (1...65535).contains(port)
        else { throw ValidationError("invalid value for <port>: expected a port number from 1 to 65535") }
        self.port = port
        visibility = try parsed.required("visibility")
        guard ["public", "private"].contains(visibility) else {
            throw ValidationError("invalid value '\(visibility)' for <visibility>: expected public or private")
        }
    }

    func run() async throws {
        let updated = try await ClientConnection.run {
            try await $0.setPortVisibility(workspaceID: id, port: port, visibility: visibility)
        }
        ClientOutput.write("port \(updated.port) is \(updated.visibility): \(updated.url)\n")
    }
}
