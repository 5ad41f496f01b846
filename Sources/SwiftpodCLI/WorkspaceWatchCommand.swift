import CommandLineKit
import Foundation
import SwiftpodClient

/// `swiftpod workspace watch`: prints your workspaces' phase changes as they happen.
struct WorkspaceWatchCommand: Command {
    /// How often the server is asked: the API has no per-user event stream, so the list is polled.
    static let interval: Duration = .seconds(2)

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
        try await ClientConnection.run { client in
            var known: [String: String] = [:]
            var first = true
            while true {
                let workspaces = try await client.workspaces()
                var changes = WorkspaceChanges.between(known, workspaces, includeUnchanged: first)
                first = false
                known = Dictionary(uniqueKeysWithValues: workspaces.map { ($0.id, $0.phase) })
                changes.sort { $0.id < $1.id }
                for change in changes { ClientOutput.write(try line(change)) }
                try await Task.sleep(for: Self.interval)
            }
        }
    }

    private func line(_ change: WorkspaceChanges.Change) throws -> String {
        if json {
            let data =
                if let workspace = change.workspace {
                    try APIClient.encoder.encode(workspace)
                } else {
                    try APIClient.encoder.encode(["id": change.id, "phase": change.phase])
                }
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        var text = "\(ClientOutput.time(Date()))  \(change.id)  \(change.phase)"
        if let failure = change.workspace?.failure { text += "  \(failure)" }
        return text + "\n"
    }
}

/// The phase changes between two lists of workspaces.
enum WorkspaceChanges {
    struct Change: Sendable, Equatable {
        var id: String
        var phase: String
        /// The workspace now; nil when it is gone.
        var workspace: Workspace?
    }

    /// A change for each workspace whose phase differs from `known` (every one when `includeUnchanged`), and a
    /// `deleted` one for each that is no longer listed.
    static func between(_ known: [String: String], _ now: [Workspace], includeUnchanged: Bool) -> [Change] {
        var changes = now.filter { includeUnchanged || known[$0.id] != $0.phase }.map {
            Change(id: $0.id, phase: $0.phase, workspace: $0)
        }
        let listed = Set(now.map(\.id))
        for id in known.keys where !listed.contains(id) { changes.append(Change(id: id, phase: "deleted")) }
        return changes
    }
}
