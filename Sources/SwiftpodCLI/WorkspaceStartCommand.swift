import CommandLineKit
import Foundation
import SwiftpodClient

#if canImport(Glibc)
    import Glibc
#endif

/// `swiftpod workspace start ID`: starts a stopped or failed workspace again, from its last backup.
struct WorkspaceStartCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Starts a stopped or failed workspace, restoring its files from its last backup.",
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
            // The state before the start: an event that still shows it is from the previous instance.
            let before = try await client.workspace(id: id)
            _ = try await client.startWorkspace(id: id)
            guard wait else { return ClientOutput.write("starting workspace \(id)\n") }
            let waiter = WorkspaceWaiter(client: client, descriptor: STDOUT_FILENO)
            let final = try await waiter.wait(
                workspaceID: id, progress: .start(), timeout: timeout,
                isCurrent: { Self.isNewInstance($0, before: before) })
            try WorkspaceOutcome.report(final, expected: "running", json: false)
        }
    }

    /// Whether `state` is of the instance the start began, not still the stopped or failed one before it: the
    /// server starts in the background, so the first events may show the old instance.
    static func isNewInstance(_ state: Workspace, before: Workspace) -> Bool {
        !(state.phase == before.phase && state.phaseTimes == before.phaseTimes)
    }
}
