import Foundation
import SQLite

extension SQLiteStore: WorkspaceStore {
    private static let workspaceColumns = """
        id, owner_id, context_url, clone_url, ref, ref_type, commit_sha, configuration, image, \
        environment_variables, created_at, deleted_at, inactivity_timeout_seconds
        """

    public func createWorkspace(_ workspace: Workspace) async throws {
        try await perform("create workspace '\(workspace.id)'") { connection in
            try connection.change(
                "INSERT INTO workspaces (\(Self.workspaceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    workspace.id, workspace.ownerID, workspace.contextURL, workspace.cloneURL, workspace.ref,
                    workspace.refType?.rawValue, workspace.commit, workspace.configuration, workspace.image,
                    workspace.environmentVariables, workspace.createdAt.unixMilliseconds,
                    workspace.deletedAt.unixMilliseconds, workspace.inactivityTimeout.wholeSeconds,
                ],
                conflicts: ["workspaces.id": "a workspace with id '\(workspace.id)' already exists"],
                foreignKey: .notFound("user", id: workspace.ownerID))
        }
    }

    public func workspace(id: String) async throws -> Workspace {
        let workspace = try await perform("read workspace '\(id)'") { connection in
            try connection.queryFirst("SELECT \(Self.workspaceColumns) FROM workspaces WHERE id = ?", [id])
                .map(Self.workspace)
        }
        guard let workspace else { throw StoreError.notFound("workspace", id: id) }
        return workspace
    }

    public func workspaces(ownerID: String, includeDeleted: Bool) async throws -> [Workspace] {
        try await perform("list the workspaces of user '\(ownerID)'") { connection in
            try connection.query(
                """
                SELECT \(Self.workspaceColumns) FROM workspaces
                WHERE owner_id = ? AND (? OR deleted_at IS NULL)
                ORDER BY created_at DESC, id
                """,
                [ownerID, includeDeleted]
            ).map(Self.workspace)
        }
    }

    public func updateWorkspace(_ workspace: Workspace) async throws {
        try await perform("update workspace '\(workspace.id)'") { connection in
            try connection.changeOne(
                """
                UPDATE workspaces SET context_url = ?, clone_url = ?, ref = ?, ref_type = ?, commit_sha = ?,
                    configuration = ?, image = ?, environment_variables = ?, deleted_at = ?,
                    inactivity_timeout_seconds = ?
                WHERE id = ?
                """,
                [
                    workspace.contextURL, workspace.cloneURL, workspace.ref, workspace.refType?.rawValue,
                    workspace.commit, workspace.configuration, workspace.image, workspace.environmentVariables,
                    workspace.deletedAt.unixMilliseconds, workspace.inactivityTimeout.wholeSeconds, workspace.id,
                ],
                notFound: .notFound("workspace", id: workspace.id))
        }
    }

    public func setInactivityTimeout(workspaceID id: String, to timeout: Duration?) async throws {
        if let timeout, timeout < .seconds(1) {
            throw StoreError(
                code: .invalidArgument, message: "an inactivity timeout must be at least one second, not \(timeout)")
        }
        try await perform("set the inactivity timeout of workspace '\(id)'") { connection in
            try connection.changeOne(
                "UPDATE workspaces SET inactivity_timeout_seconds = ? WHERE id = ?", [timeout.wholeSeconds, id],
                notFound: .notFound("workspace", id: id))
        }
    }

    public func markWorkspaceDeleted(id: String, at date: Date) async throws {
        try await perform("mark workspace '\(id)' deleted") { connection in
            try connection.changeOne(
                "UPDATE workspaces SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?", [date.unixMilliseconds, id],
                notFound: .notFound("workspace", id: id))
        }
    }

    public func deleteWorkspace(id: String) async throws {
        try await perform("delete workspace '\(id)'") { connection in
            try connection.changeOne(
                "DELETE FROM workspaces WHERE id = ?", [id], notFound: .notFound("workspace", id: id),
                foreignKey: StoreError(
                    code: .conflict,
                    message: "workspace '\(id)' still has backup records: delete its backups first"))
        }
    }

    private static func workspace(_ row: SQLiteRow) throws -> Workspace {
        Workspace(
            id: try row.value("id"), ownerID: try row.value("owner_id"), contextURL: try row.value("context_url"),
            cloneURL: try row.value("clone_url"), ref: try row.value("ref"),
            refType: try row.optionalEnumeration("ref_type"), commit: try row.value("commit_sha"),
            configuration: try row.value("configuration"), image: try row.value("image"),
            environmentVariables: try row.value("environment_variables"),
            inactivityTimeout: try row.value("inactivity_timeout_seconds", as: Int64?.self).map { .seconds($0) },
            createdAt: try row.date("created_at"), deletedAt: try row.optionalDate("deleted_at"))
    }
}

extension Duration? {
    /// The duration in whole seconds, for an INTEGER column; nil stays NULL.
    var wholeSeconds: Int64? {
        self.map { $0.components.seconds }
    }
}
