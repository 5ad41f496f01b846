import CommandLineKit
import Foundation
import SwiftpodClient

#if canImport(Glibc)
    import Glibc
#endif

/// `swiftpod workspace stop ID`: stops a running workspace; its files are backed up first.
struct WorkspaceStopCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stops a running workspace; its files are backed up and come back at the next start.",
        parameters: [.argument("id", help: "The workspace's ID.")] + WorkspaceCommand.waitParameters
    )

    let id: String
    let wait: Bool
    let timeout: Duration

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
        wait = parsed.flag("wait")
        timeout = try WorkspaceCommand.waitTimeout(parsed)
    }

    func run() async throws {
        try await ClientConnection.run { client in
            _ = try await client.stopWorkspace(id: id)
            guard wait else { return ClientOutput.write("stopping workspace \(id)\n") }
            let waiter = WorkspaceWaiter(client: client, descriptor: STDOUT_FILENO)
            let final = try await waiter.wait(workspaceID: id, progress: .stop(), timeout: timeout)
            try WorkspaceOutcome.report(final, expected: "stopped", json: false)
        }
    }
}
