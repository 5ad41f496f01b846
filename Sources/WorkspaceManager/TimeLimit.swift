/// Runs `operation`, cancelling it when it takes longer than `limit`.
/// - Throws: `WorkspaceManagerError` `.timedOut` saying that `what` took too long, or the operation's own error.
func withTimeLimit<Result: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw WorkspaceManagerError(code: .timedOut, message: "\(what) took longer than \(limit)")
        }
        return result
    }
}
