import SwiftpodClient

/// How a command that waited reports where the workspace ended up.
enum WorkspaceOutcome {
    /// Prints the workspace (as JSON, or a line), and fails when it did not reach `expected`.
    /// - Throws: `ClientCommandError` with the failure reason when the workspace is not in `expected`.
    static func report(_ workspace: Workspace, expected: String, json: Bool) throws {
        if json {
            ClientOutput.write(try ClientOutput.json(workspace))
        } else if workspace.phase == expected {
            let detail = expected == "running" ? ": \(workspace.ideURL)" : ""
            ClientOutput.write("workspace \(workspace.id) is \(expected)\(detail)\n")
        }
        guard workspace.phase == expected else {
            if workspace.phase == "failed" {
                throw ClientCommandError(
                    "workspace \(workspace.id) failed: \(workspace.failure ?? "the server gave no reason")")
            }
            throw ClientCommandError("workspace \(workspace.id) is \(workspace.phase), not \(expected)")
        }
    }
}
