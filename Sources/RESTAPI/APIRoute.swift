import HTTP

/// One route of the workspace API: the table that both `WorkspaceAPI.register(on:)` and the OpenAPI document
/// are built from.
struct APIRoute: Sendable {
    enum Operation: String, Sendable, CaseIterable {
        case openAPI, createWorkspace, listWorkspaces, getWorkspace, startWorkspace, stopWorkspace, deleteWorkspace
        case allWorkspaceEvents, workspaceEvents, workspaceLogs, execInWorkspace, listPorts, setPortVisibility
    }

    var method: HTTPMethod
    /// The router's pattern, with `:name` parameters.
    var pattern: String
    var operation: Operation
    var summary: String

    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/openapi.json", .openAPI, "This OpenAPI document"),
        APIRoute(.post, "/api/v1/workspaces", .createWorkspace, "Create a workspace from a context URL and start it"),
        APIRoute(.get, "/api/v1/workspaces", .listWorkspaces, "List the caller's workspaces"),
        APIRoute(
            .get, "/api/v1/workspaces/events", .allWorkspaceEvents,
            "Server-Sent Events of the phase changes of all the caller's workspaces"),
        APIRoute(.get, "/api/v1/workspaces/:id", .getWorkspace, "Get a workspace"),
        APIRoute(.post, "/api/v1/workspaces/:id/start", .startWorkspace, "Start a stopped or failed workspace"),
        APIRoute(.post, "/api/v1/workspaces/:id/stop", .stopWorkspace, "Stop a running workspace"),
        APIRoute(.delete, "/api/v1/workspaces/:id", .deleteWorkspace, "Delete a workspace and its backups"),
        APIRoute(.get, "/api/v1/workspaces/:id/events", .workspaceEvents, "Server-Sent Events of phase changes"),
        APIRoute(.get, "/api/v1/workspaces/:id/logs", .workspaceLogs, "The image build log and the tasks' output"),
        APIRoute(.post, "/api/v1/workspaces/:id/exec", .execInWorkspace, "Run a command in the workspace"),
        APIRoute(.get, "/api/v1/workspaces/:id/ports", .listPorts, "List the workspace's ports"),
        APIRoute(.put, "/api/v1/workspaces/:id/ports/:port", .setPortVisibility, "Set a port's visibility"),
    ]

    init(_ method: HTTPMethod, _ pattern: String, _ operation: Operation, _ summary: String) {
        self.method = method
        self.pattern = pattern
        self.operation = operation
        self.summary = summary
    }

    /// The pattern as OpenAPI writes paths: `{id}` for `:id`.
    var openAPIPath: String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    /// The names of the path parameters.
    var parameterNames: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }
}
