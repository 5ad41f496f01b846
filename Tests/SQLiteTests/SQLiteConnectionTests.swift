import Foundation
import SQLite
import TestSupport
import Testing

@Suite struct SQLiteConnectionTests {
    @Test func opensWithTheSwiftpodPragmas() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(
            path: "\(directory.path)/test.db", options: SQLiteConnection.Options(busyTimeout: .milliseconds(2500)))
        #expect(try connection.queryFirst("PRAGMA journal_mode")?.get(0) == "wal")
        #expect(try connection.queryFirst("PRAGMA foreign_keys")?.get(0) == 1)
        #expect(try connection.queryFirst("PRAGMA synchronous")?.get(0) == 1)  // NORMAL
        #expect(try connection.queryFirst("PRAGMA busy_timeout")?.get(0) == 2500)
    }

    @Test func bindsAndReadsEveryStorageClass() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)")
        let blob: [UInt8] = [0, 1, 2, 0xFF, 0]
        try connection.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)", [Int64.min, 2.5, "häßlich 🦆 \u{0}x", blob, String?.none])
        try connection.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [Int64.max, -0.0, "", [UInt8](), 7])
        let rows = try connection.query("SELECT i, r, s, b, n FROM t ORDER BY rowid")
        try #require(rows.count == 2)
        #expect(rows[0].values == [.integer(.min), .real(2.5), .text("häßlich 🦆 \u{0}x"), .blob(blob), .null])
        #expect(try rows[0].get("s") == "häßlich 🦆 \u{0}x")
        #expect(try rows[0].get("b") == blob)
        #expect(try rows[0].get("n", as: String?.self) == nil)
        #expect(try rows[1].get(0) == Int64.max)
        #expect(try rows[1].get(3) == [UInt8]())
        #expect(try rows[1].get("n", as: Int?.self) == 7)
        // An empty blob stays a blob, not NULL.
        #expect(try connection.queryFirst("SELECT typeof(b) FROM t WHERE i = ?", [Int64.max])?.get(0) == "blob")
    }

    @Test func boolsAndIntsRoundTrip() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let row = try #require(try connection.queryFirst("SELECT ?, ?, ?, ?", [true, false, 42, 3.0]))
        #expect(try row.get(0) == true)
        #expect(try row.get(1) == false)
        #expect(try row.get(2) == 42)
        #expect(try row.get(3) == 3.0)
        // An integer column reads as a double too.
        #expect(try row.get(2, as: Double.self) == 42)
    }

    @Test func readingNullAsANonOptionalNamesTheColumn() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let row = try #require(try connection.queryFirst("SELECT NULL AS missing, 'x' AS word"))
        let error = #expect(throws: SQLiteError.self) { try row.get("missing", as: String.self) }
        #expect(error?.message == "column 'missing' holds null, not String")
        #expect(throws: SQLiteError.self) { try row.get("word", as: Int64.self) }
        #expect(throws: SQLiteError.self) { try row.get("nonexistent", as: String.self) }
        #expect(throws: SQLiteError.self) { try row.get(5, as: String.self) }
    }

    @Test func aStatementThatDoesNotCompileNamesItsSQL() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try connection.query("SELEC 1") }
        #expect(error?.sql == "SELEC 1")
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.description.contains("SELEC 1") == true)
    }

    @Test func aConstraintViolationNamesItsSQLAndCode() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (name TEXT UNIQUE)")
        try connection.execute("INSERT INTO t VALUES (?)", ["a"])
        let sql = "INSERT INTO t VALUES (?)"
        let error = #expect(throws: SQLiteError.self) { try connection.execute(sql, ["a"]) }
        #expect(error?.sql == sql)
        #expect(error?.isUniqueViolation == true)
        #expect(error?.primaryResultCode == 19)  // SQLITE_CONSTRAINT
        #expect(error?.message == "UNIQUE constraint failed: t.name")
    }

    @Test func foreignKeysAreEnforced() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.executeScript(
            "CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (p TEXT REFERENCES parent (id));")
        let error = #expect(throws: SQLiteError.self) { try connection.execute("INSERT INTO child VALUES ('x')") }
        #expect(error?.isForeignKeyViolation == true)
    }

    @Test func theWrongNumberOfBindingsIsRefused() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try connection.query("SELECT ?, ?", [1]) }
        #expect(error?.message == "the statement has 2 parameters but 1 values were bound")
    }

    @Test func prepareRefusesSeveralStatements() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        #expect(throws: SQLiteError.self) { try connection.execute("SELECT 1; SELECT 2") }
        #expect(try connection.queryFirst("SELECT 1;  ")?.get(0) == 1)
    }

    @Test func aStatementRunsAgainWithNewBindings() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (n INTEGER)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?)")
        for number in 1...3 {
            try insert.bind([number])
            #expect(try insert.step() == false)
        }
        #expect(try connection.queryFirst("SELECT sum(n) FROM t")?.get(0) == 6)
        #expect(connection.changes == 1)
    }

    @Test func aScriptThatFailsNamesItsSQL() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let script = "CREATE TABLE t (n INTEGER); INSERT INTO nowhere VALUES (1);"
        let error = #expect(throws: SQLiteError.self) { try connection.executeScript(script) }
        #expect(error?.sql == script)
        #expect(error?.message == "no such table: nowhere")
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithItsPath() throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/not-a.db"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SQLiteError.self) { try SQLiteConnection(path: path) }
        #expect(error?.resultCode == 26)  // SQLITE_NOTADB
    }

    @Test func aMissingDirectoryIsRefusedWithThePath() throws {
        let error = #expect(throws: SQLiteError.self) {
            try SQLiteConnection(path: "/nonexistent-swiftpod/dir/x.db")
        }
        #expect(error?.message.contains("/nonexistent-swiftpod/dir/x.db") == true)
    }

    @Test func aClosedConnectionRefusesCalls() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        connection.close()
        #expect(!connection.isOpen)
        let error = #expect(throws: SQLiteError.self) { try connection.query("SELECT 1") }
        #expect(error?.message.contains("closed") == true)
    }
}
