import SQLite

extension SQLiteStore: PortVisibilityStore {
    /// The visibilities a port may have.
    static let portVisibilities: Set<String> = ["public", "private"]

    public func portVisibility(workspaceID: String, port: Int) async throws -> String? {
        try await perform("read the visibility of port \(port) of workspace '\(workspaceID)'") { connection in
            try connection.queryFirst(
                "SELECT visibility FROM workspace_ports WHERE workspace_id = ? AND port = ?", [workspaceID, port]
            )?.value("visibility", as: String.self)
        }
    }

    public func portVisibilities(workspaceID: String) async throws -> [Int: String] {
        try await perform("read the port visibilities of workspace '\(workspaceID)'") { connection in
            var visibilities: [Int: String] = [:]
            for row in try connection.query(
                "SELECT port, visibility FROM workspace_ports WHERE workspace_id = ?", [workspaceID])
            {
                visibilities[try row.value("port", as: Int.self)] = try row.value("visibility", as: String.self)
            }
            return visibilities
        }
    }

    public func setPortVisibility(workspaceID: String, port: Int, visibility: String) async throws {
        guard (1...65535).contains(port) else {
            throw StoreError(code: .invalidArgument, message: "port \(port) is not between 1 and 65535")
        }
        guard Self.portVisibilities.contains(visibility) else {
            throw StoreError(
                code: .invalidArgument, message: "'\(visibility)' is not a port visibility: use public or private")
        }
        try await perform("set the visibility of port \(port) of workspace '\(workspaceID)'") { connection in
            try connection.change(
                """
                INSERT INTO workspace_ports (workspace_id, port, visibility) VALUES (?, ?, ?)
                ON CONFLICT (workspace_id, port) DO UPDATE SET visibility = excluded.visibility
                """,
                [workspaceID, port, visibility], foreignKey: .notFound("workspace", id: workspaceID))
        }
    }
}
