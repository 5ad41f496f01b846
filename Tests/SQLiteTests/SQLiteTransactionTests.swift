import SQLite
import TestSupport
import Testing

@Suite struct SQLiteTransactionTests {
    struct Planned: Error {}

    private func connectionWithTable() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (n INTEGER)")
        return connection
    }

    private func count(_ connection: SQLiteConnection) throws -> Int {
        try connection.queryFirst("SELECT count(*) FROM t")?.get(0) ?? -1
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let connection = try connectionWithTable()
        let result = try connection.transaction {
            try connection.execute("INSERT INTO t VALUES (1)")
            #expect(connection.isInTransaction)
            return "done"
        }
        #expect(result == "done")
        #expect(!connection.isInTransaction)
        #expect(try count(connection) == 1)
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        let connection = try connectionWithTable()
        #expect(throws: Planned.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO t VALUES (2)")
                throw Planned()
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try count(connection) == 0)
    }

    @Test func rollsBackWhenAStatementFails() throws {
        let connection = try connectionWithTable()
        #expect(throws: SQLiteError.self) {
            try connection.transaction(.deferred) {
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO nowhere VALUES (1)")
            }
        }
        #expect(try count(connection) == 0)
    }

    @Test func aNestedFailureRollsBackOnlyItsOwnChanges() throws {
        let connection = try connectionWithTable()
        try connection.transaction {
            try connection.execute("INSERT INTO t VALUES (1)")
            #expect(throws: Planned.self) {
                try connection.transaction {
                    try connection.execute("INSERT INTO t VALUES (2)")
                    throw Planned()
                }
            }
            try connection.transaction { try connection.execute("INSERT INTO t VALUES (3)") }
        }
        #expect(try connection.query("SELECT n FROM t ORDER BY n").map { try $0.get(0, as: Int.self) } == [1, 3])
    }

    @Test func aWriterWaitsForAnotherConnectionsWriteLock() throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/locks.db"
        let first = try SQLiteConnection(path: path)
        let second = try SQLiteConnection(path: path, options: SQLiteConnection.Options(busyTimeout: .milliseconds(50)))
        try first.execute("CREATE TABLE t (n INTEGER)")
        try first.execute("BEGIN IMMEDIATE")
        // The lock is held, so the second writer gives up after its busy timeout with SQLITE_BUSY.
        let error = #expect(throws: SQLiteError.self) {
            try second.transaction { try second.execute("INSERT INTO t VALUES (1)") }
        }
        #expect(error?.isBusy == true)
        try first.execute("COMMIT")
        try second.transaction { try second.execute("INSERT INTO t VALUES (1)") }
        #expect(try count(first) == 1)
    }
}
