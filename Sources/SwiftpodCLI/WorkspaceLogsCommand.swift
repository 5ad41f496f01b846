import Basics
import CommandLineKit
import SwiftpodClient

#if canImport(Glibc)
    import Glibc
#endif

/// `swiftpod workspace logs ID [-f]`: the image build log and the tasks' output.
struct WorkspaceLogsCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Prints the workspace's image build log and its tasks' output.",
        parameters: [
            .argument("id", help: "The workspace's ID."),
            .flag("follow", short: "f", help: "Keeps printing new task output until the workspace stops."),
        ]
    )

    let id: String
    let follow: Bool

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        follow = parsed.flag("follow")
    }

    func run() async throws {
        try await ClientConnection.run { client in
            try await client.logs(workspaceID: id, follow: follow) {
                FileDescriptorWriter.writeAll($0, to: STDOUT_FILENO)
            }
        }
    }
}
