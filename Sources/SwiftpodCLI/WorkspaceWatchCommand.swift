import CommandLineKit
import Foundation
import SwiftpodClient
import Synchronization

/// `swiftpod workspace watch`: prints your workspaces' phase changes as they happen.
///
/// One event stream carries them all (`GET /api/v1/workspaces/events`): each workspace's state first, then every
/// change and deletion. When the stream breaks, it is opened again, and the list tells which workspaces were deleted
/// meanwhile.
struct WorkspaceWatchCommand: Command {
    /// How long the command waits before it opens the stream again after it broke.
    static let reconnectDelay: Duration = .seconds(2)

    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Prints a line whenever one of your workspaces changes phase, until interrupted.",
        discussion: "Each line reads: time, workspace ID, phase, and the failure reason for a failed workspace.",
        parameters: [.flag("json", help: "Prints each change as a JSON line (the workspace).")]
    )

    let json: Bool

    init(parsed: ParsedArguments) throws {
        json = parsed.flag("json")
    }

    func run() async throws {
        let log = WatchLog()
        let json = json
        try await ClientConnection.run { client in
            // Asked once first, so that a bad token or an unreachable server is an error at once.
            for workspace in try await client.workspaces() { Self.show(log.record(workspace), json: json) }
            var reconnecting = false
            while true {
                do {
                    if reconnecting {
                        let listed = Set(try await client.workspaces().map(\.id))
                        for id in log.shown where !listed.contains(id) { Self.show(log.recordDeleted(id), json: json) }
                    }
                    try await client.followAllEvents { event in
                        switch event {
                        case .phase(let workspace): Self.show(log.record(workspace), json: json)
                        case .deleted(let id): Self.show(log.recordDeleted(id), json: json)
                        }
                        return true
                    }
                } catch let error as APIClientError where error.isUnauthenticated {
                    throw error
                } catch is APIClientError {
                    // The server went away or the stream broke: open it again.
                }
                reconnecting = true
                try await Task.sleep(for: Self.reconnectDelay)
            }
        }
    }

    private static func show(_ change: WatchLog.Change?, json: Bool) {
        guard let change else { return }
        ClientOutput.write((json ? change.jsonLine : change.line(at: Date())) + "\n")
    }
}

/// The last phase printed for each workspace, so that each change is printed once whichever stream saw it first.
final class WatchLog: Sendable {
    /// A phase change to print.
    struct Change: Sendable, Equatable {
        var id: String
        var phase: String
        var failure: String?
        /// The workspace as JSON; nil when it was deleted.
        var workspace: Workspace?

        /// `21:03:07  <id>  <phase>  <failure>`.
        func line(at date: Date) -> String {
            "\(ClientOutput.time(date))  \(id)  \(phase)" + (failure.map { "  \($0)" } ?? "")
        }

        /// The workspace, or `{"id": …, "phase": "deleted"}`, on one line.
        var jsonLine: String {
            let data =
                if let workspace {
                    try? APIClient.encoder.encode(workspace)
                } else {
                    try? APIClient.encoder.encode(["id": id, "phase": phase])
                }
            return String(decoding: data ?? Data(), as: UTF8.self)
        }
    }

    private let phases = Mutex<[String: String]>([:])

    /// The workspaces printed so far that are not deleted.
    var shown: [String] {
        phases.withLock { phases in phases.filter { $0.value != "deleted" }.map(\.key).sorted() }
    }

    /// The change `workspace` makes, or nil when its phase was already printed.
    func record(_ workspace: Workspace) -> Change? {
        phases.withLock { phases in
            guard phases[workspace.id] != workspace.phase, phases[workspace.id] != "deleted" else { return nil }
            phases[workspace.id] = workspace.phase
            return Change(id: workspace.id, phase: workspace.phase, failure: workspace.failure, workspace: workspace)
        }
    }

    /// The deletion of `id`, or nil when it was already printed.
    func recordDeleted(_ id: String) -> Change? {
        phases.withLock { phases in
            guard phases[id] != "deleted" else { return nil }
            phases[id] = "deleted"
            return Change(id: id, phase: "deleted")
        }
    }

    func isDeleted(_ id: String) -> Bool {
        phases.withLock { $0[id] == "deleted" }
    }
}
