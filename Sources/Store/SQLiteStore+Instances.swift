import Foundation
import SQLite

extension SQLiteStore: InstanceStore {
    private static let instanceColumns = """
        i.id, i.workspace_id, i.phase, i.failure_reason, i.container_id, i.image_ref, i.content_source, \
        i.created_at, i.stopped_at, i.host_id_offset
        """

    public func createInstance(_ instance: WorkspaceInstance) async throws {
        try await perform("create instance '\(instance.id)'", transaction: .immediate) { connection in
            try connection.change(
                """
                INSERT INTO workspace_instances (id, workspace_id, phase, failure_reason, container_id, image_ref,
                    content_source, created_at, stopped_at, host_id_offset)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    instance.id, instance.workspaceID, instance.phase.rawValue, instance.failureReason,
                    instance.containerID, instance.imageRef, instance.contentSource?.rawValue,
                    instance.createdAt.unixMilliseconds, instance.stoppedAt.unixMilliseconds, instance.hostIDOffset,
                ],
                conflicts: ["workspace_instances.id": "an instance with id '\(instance.id)' already exists"],
                foreignKey: .notFound("workspace", id: instance.workspaceID))
            for (phase, date) in instance.phaseTimes {
                try Self.recordPhaseTime(connection, instanceID: instance.id, phase: phase, at: date)
            }
        }
    }

    public func instance(id: String) async throws -> WorkspaceInstance {
        let instance = try await perform("read instance '\(id)'", transaction: .deferred) { connection in
            try Self.instances(connection, where: "i.id = ?", [id]).first
        }
        guard let instance else { throw StoreError.notFound("instance", id: id) }
        return instance
    }

    public func currentInstance(workspaceID: String) async throws -> WorkspaceInstance? {
        try await perform("read the current instance of workspace '\(workspaceID)'", transaction: .deferred) {
            connection in
            try Self.instances(
                connection, where: "i.workspace_id = ?", [workspaceID],
                orderBy: "i.created_at DESC, i.rowid DESC", limit: 1
            ).first
        }
    }

    public func instances(workspaceID: String) async throws -> [WorkspaceInstance] {
        try await perform("list the instances of workspace '\(workspaceID)'", transaction: .deferred) { connection in
            try Self.instances(
                connection, where: "i.workspace_id = ?", [workspaceID], orderBy: "i.created_at DESC, i.rowid DESC")
        }
    }

    public func instances(inPhases phases: Set<InstancePhase>) async throws -> [WorkspaceInstance] {
        guard !phases.isEmpty else { return [] }
        let names = phases.map(\.rawValue).sorted()
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try await perform("list instances by phase", transaction: .deferred) { connection in
            try Self.instances(
                connection, where: "i.phase IN (\(placeholders))", names, orderBy: "i.created_at, i.rowid")
        }
    }

    public func updateInstancePhase(
        id: String, from expected: InstancePhase, to phase: InstancePhase, at date: Date, failureReason: String?
    ) async throws -> Bool {
        try await perform("move instance '\(id)' to \(phase.rawValue)", transaction: .immediate) { connection in
            let changed = try connection.change(
                """
                UPDATE workspace_instances
                SET phase = ?, failure_reason = coalesce(?, failure_reason),
                    stopped_at = CASE WHEN ? THEN coalesce(stopped_at, ?) ELSE stopped_at END
                WHERE id = ? AND phase = ?
                """,
                [phase.rawValue, failureReason, phase.isFinal, date.unixMilliseconds, id, expected.rawValue])
            guard changed > 0 else {
                guard try connection.queryFirst("SELECT 1 FROM workspace_instances WHERE id = ?", [id]) != nil else {
                    throw StoreError.notFound("instance", id: id)
                }
                return false
            }
            try Self.recordPhaseTime(connection, instanceID: id, phase: phase, at: date)
            return true
        }
    }

    public func updateInstanceDetails(_ instance: WorkspaceInstance) async throws {
        try await perform("update instance '\(instance.id)'") { connection in
            try connection.changeOne(
                """
                UPDATE workspace_instances
                SET failure_reason = ?, container_id = ?, image_ref = ?, content_source = ?, stopped_at = ?,
                    host_id_offset = ?
                WHERE id = ?
                """,
                [
                    instance.failureReason, instance.containerID, instance.imageRef, instance.contentSource?.rawValue,
                    instance.stoppedAt.unixMilliseconds, instance.hostIDOffset, instance.id,
                ],
                notFound: .notFound("instance", id: instance.id))
        }
    }

    /// Records when an instance entered `phase`; entering it again (a retried step) moves the time.
    private static func recordPhaseTime(
        _ connection: SQLiteConnection, instanceID: String, phase: InstancePhase, at date: Date
    ) throws {
        try connection.change(
            "INSERT OR REPLACE INTO instance_phase_times (instance_id, phase, at) VALUES (?, ?, ?)",
            [instanceID, phase.rawValue, date.unixMilliseconds])
    }

    /// The instances that match `condition` (over the alias `i`), each with its phase times: two queries, run in
    /// the caller's transaction so they see the same state.
    private static func instances(
        _ connection: SQLiteConnection, where condition: String, _ bindings: [any SQLiteValueConvertible],
        orderBy: String = "i.created_at DESC", limit: Int? = nil
    ) throws -> [WorkspaceInstance] {
        let limitClause = limit.map { " LIMIT \($0)" } ?? ""
        let selection = "SELECT i.id FROM workspace_instances i WHERE \(condition) ORDER BY \(orderBy)\(limitClause)"
        var instances = try connection.query(
            "SELECT \(instanceColumns) FROM workspace_instances i WHERE i.id IN (\(selection)) ORDER BY \(orderBy)",
            bindings
        ).map(instance)
        var times: [String: [InstancePhase: Date]] = [:]
        for row in try connection.query(
            "SELECT instance_id, phase, at FROM instance_phase_times WHERE instance_id IN (\(selection))", bindings)
        {
            times[try row.value("instance_id"), default: [:]][try row.enumeration("phase")] = try row.date("at")
        }
        for index in instances.indices {
            instances[index].phaseTimes = times[instances[index].id] ?? [:]
        }
        return instances
    }

    private static func instance(_ row: SQLiteRow) throws -> WorkspaceInstance {
        WorkspaceInstance(
            id: try row.value("id"), workspaceID: try row.value("workspace_id"), phase: try row.enumeration("phase"),
            phaseTimes: [:], failureReason: try row.value("failure_reason"),
            containerID: try row.value("container_id"), imageRef: try row.value("image_ref"),
            contentSource: try row.optionalEnumeration("content_source"), createdAt: try row.date("created_at"),
            stoppedAt: try row.optionalDate("stopped_at"), hostIDOffset: try row.value("host_id_offset"))
    }
}
