import CommandLineKit
import Foundation
import SwiftpodClient
import Synchronization

/// `swiftpod workspace watch`: prints your workspaces' phase changes as they happen.
///
/// The API has an event stream per workspace but none per user, so the command follows each workspace's stream and
/// asks for the list every few seconds to find new and deleted workspaces.
struct WorkspaceWatchCommand: Command {
    /// How often the list is asked for, to find workspaces created or deleted elsewhere.
    static let listInterval: Duration = .seconds(5)
    /// How long a workspace's stream waits before it is opened again after it broke.
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
            try await withThrowingTaskGroup(of: Void.self) { group in
                var following: Set<String> = []
                while true {
                    let workspaces = try await client.workspaces()
                    for workspace in workspaces {
                        Self.show(log.record(workspace), json: json)
                        guard following.insert(workspace.id).inserted else { continue }
                        group.addTask { try await Self.follow(workspace.id, client: client, log: log, json: json) }
                    }
                    let listed = Set(workspaces.map(\.id))
                    for id in following.subtracting(listed) {
                        following.remove(id)
                        Self.show(log.recordDeleted(id), json: json)
                    }
                    try await Task.sleep(for: Self.listInterval)
                }
            }
        }
    }

    /// Follows one workspace's events until it is deleted (or the command ends).
    private static func follow(_ id: String, client: APIClient, log: WatchLog, json: Bool) async throws {
        while !log.isDeleted(id) {
            do {
                try await client.followEvents(workspaceID: id) { workspace in
                    show(log.record(workspace), json: json)
                    return !log.isDeleted(id)
                }
            } catch let error as APIClientError where error.isNotFound {
                show(log.recordDeleted(id), json: json)
                return
            } catch is APIClientError {
                // The server went away or the stream broke: the list poll reports what matters; try again.
            }
            try await Task.sleep(for: reconnectDelay)
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
