import Foundation

extension APIClient {
    /// How long creating a workspace may take: the server clones or fetches the repository before it answers.
    public static let createTimeout: Duration = .seconds(300)
    /// How long deleting a workspace may take: a running one is stopped first.
    public static let deleteTimeout: Duration = .seconds(300)

    /// `POST /api/v1/workspaces`: creates a workspace from a context URL; the server starts it in the background.
    public func createWorkspace(_ request: CreateWorkspaceRequest) async throws -> Workspace {
        try await call(.post, "/api/v1/workspaces", body: try Self.json(request), timeout: Self.createTimeout)
    }

    /// `GET /api/v1/workspaces`: the caller's workspaces, only those in `phase` and of `repository` (`owner/repo`)
    /// when given.
    public func workspaces(phase: String? = nil, repository: String? = nil) async throws -> [Workspace] {
        let query = [("phase", phase), ("repository", repository)].compactMap { name, value in
            value.map { "\(name)=\(Self.segment($0))" }
        }
        return try await call(.get, "/api/v1/workspaces" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    /// `GET /api/v1/workspaces/:id`.
    public func workspace(id: String) async throws -> Workspace {
        try await call(.get, Self.workspacePath(id))
    }

    /// `POST /api/v1/workspaces/:id/start`: starts a stopped or failed workspace in the background.
    public func startWorkspace(id: String) async throws -> Workspace {
        try await call(.post, Self.workspacePath(id) + "/start")
    }

    /// `POST /api/v1/workspaces/:id/stop`: stops a running workspace in the background (its content is backed up).
    public func stopWorkspace(id: String) async throws -> Workspace {
        try await call(.post, Self.workspacePath(id) + "/stop")
    }

    /// `DELETE /api/v1/workspaces/:id`: deletes the workspace and its backups.
    public func deleteWorkspace(id: String) async throws {
        _ = try await send(.delete, Self.workspacePath(id), timeout: Self.deleteTimeout)
    }

    /// `POST /api/v1/workspaces/:id/exec`: runs `command` (a program and its arguments, no shell) in the workspace.
    /// - Parameter timeout: how long the command may run; the server's default (60 s) when nil.
    public func exec(workspaceID: String, command: [String], timeout: Duration? = nil) async throws -> ExecResult {
        struct Body: Encodable {
            var command: [String]
            var timeout: Double?
        }
        let seconds = timeout.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        let body = try Self.json(Body(command: command, timeout: seconds))
        return try await call(
            .post, Self.workspacePath(workspaceID) + "/exec", body: body,
            timeout: (timeout ?? .seconds(60)) + .seconds(30))
    }

    /// `GET /api/v1/workspaces/:id/ports`.
    public func ports(workspaceID: String) async throws -> [WorkspacePort] {
        try await call(.get, Self.workspacePath(workspaceID) + "/ports")
    }

    /// `PUT /api/v1/workspaces/:id/ports/:port`: makes a port `public` (anyone may reach it) or `private`.
    public func setPortVisibility(workspaceID: String, port: Int, visibility: String) async throws -> WorkspacePort {
        struct Body: Encodable { var visibility: String }
        return try await call(
            .put, Self.workspacePath(workspaceID) + "/ports/\(port)", body: try Self.json(Body(visibility: visibility)))
    }

    static func workspacePath(_ id: String) -> String {
        "/api/v1/workspaces/" + segment(id)
    }
}
