/// How a transaction takes its locks.
public enum SQLiteTransactionKind: String, Sendable {
    /// Takes the write lock at `BEGIN`, waiting for other writers up to the busy timeout: use it whenever the
    /// transaction may write, so that it never fails half-way when upgrading a read lock.
    case immediate = "IMMEDIATE"
    /// Takes locks as statements need them: for read-only transactions.
    case deferred = "DEFERRED"
}

extension SQLiteConnection {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws (the error is rethrown).
    ///
    /// Inside another transaction, `body` runs in a savepoint instead, so that its own failure rolls back only its
    /// own changes.
    @discardableResult
    public func transaction<Result>(
        _ kind: SQLiteTransactionKind = .immediate, _ body: () throws -> Result
    ) throws -> Result {
        if isInTransaction {
            return try savepoint(body)
        }
        try execute("BEGIN \(kind.rawValue)")
        let result: Result
        do {
            result = try body()
        } catch {
            rollBack()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollBack()
            throw error
        }
        return result
    }

    private func savepoint<Result>(_ body: () throws -> Result) throws -> Result {
        try execute("SAVEPOINT nested")
        do {
            let result = try body()
            try execute("RELEASE nested")
            return result
        } catch {
            _ = try? execute("ROLLBACK TO nested")
            _ = try? execute("RELEASE nested")
            throw error
        }
    }

    /// Rolls back the open transaction, if SQLite has not already done so (some errors end it themselves).
    private func rollBack() {
        if isInTransaction {
            _ = try? execute("ROLLBACK")
        }
    }
}
