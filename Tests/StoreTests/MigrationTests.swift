import Foundation
import SQLite
import Testing

@testable import Store

@Suite struct MigrationTests {
    static let versions = Schema.migrations.map(\.version)

    @Test func theVersionsCountUpFromOneWithNoGaps() {
        #expect(Self.versions == Array(1...Schema.migrations.count))
    }

    @Test func anEmptyDatabaseGetsEveryMigration() async throws {
        let fixture = try await StoreFixture()
        await fixture.store.close()
        let connection = try SQLiteConnection(path: fixture.path)
        let recorded = try connection.query("SELECT version FROM schema_migrations ORDER BY version")
            .map { try $0.get(0, as: Int.self) }
        #expect(recorded == Self.versions)
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .map { try $0.get(0, as: String.self) }
        #expect(
            tables == [
                "access_tokens", "backups", "environment_variables", "image_builds", "instance_phase_times",
                "prebuilds", "schema_migrations", "sessions", "user_settings", "users", "workspace_instances",
                "workspace_ports", "workspaces",
            ])
    }

    /// Builds a database as each earlier Swiftpod would have left it, version by version, with rows written at
    /// each version, then opens it with this code and reads every row back through the store.
    @Test(arguments: versions)
    func aDatabasePopulatedUpToAnEarlierVersionMigratesWithItsRows(_ version: Int) async throws {
        let fixture = try DatabaseFile()
        do {
            let connection = try SQLiteConnection(path: fixture.path)
            for step in 1...version {
                try Migrator.migrate(connection, upTo: step)
                #expect(try Migrator.currentVersion(connection) == step)
                try MigrationSeed.insert(version: step, into: connection)
            }
        }
        let store = try await SQLiteStore.open(path: fixture.path)
        for step in 1...version {
            try await MigrationSeed.check(version: step, in: store)
        }
        await store.close()
        let connection = try SQLiteConnection(path: fixture.path)
        #expect(try Migrator.currentVersion(connection) == Self.versions.last)
    }

    @Test func aDatabaseNewerThanTheCodeIsRefused() async throws {
        let fixture = try DatabaseFile()
        do {
            let connection = try SQLiteConnection(path: fixture.path)
            try Migrator.migrate(connection)
            try connection.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0)")
        }
        let error = await storeError { _ = try await SQLiteStore.open(path: fixture.path) }
        #expect(error?.code == .schemaTooNew)
        #expect(
            error?.message == "the database at '\(fixture.path)' has schema version 99, but this Swiftpod knows"
                + " versions up to \(Self.versions.count) only: run a newer Swiftpod, or restore a backup of the database"
        )
    }

    @Test func aFailingStepIsRolledBackAndTheEarlierOnesStay() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let migrations = [
            Migration(version: 1, name: "first", sql: "CREATE TABLE first (n INTEGER);"),
            Migration(
                version: 2, name: "broken", sql: "CREATE TABLE second (n INTEGER); INSERT INTO nowhere VALUES (1);"),
        ]
        let error = #expect(throws: StoreError.self) { try Migrator.migrate(connection, migrations: migrations) }
        #expect(error?.code == .databaseFailure)
        #expect(error?.message == "cannot migrate ':memory:' to version 2 (broken)")
        #expect((error?.underlying as? SQLiteError)?.message == "no such table: nowhere")
        #expect(try Migrator.currentVersion(connection) == 1)
        #expect(try connection.queryFirst("SELECT count(*) FROM sqlite_master WHERE name = 'second'")?.get(0) == 0)
        #expect(try connection.queryFirst("SELECT count(*) FROM sqlite_master WHERE name = 'first'")?.get(0) == 1)
    }

    @Test func migratingAgainChangesNothing() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try Migrator.migrate(connection, now: Date(timeIntervalSince1970: 1))
        try Migrator.migrate(connection, now: Date(timeIntervalSince1970: 2))
        let times = try connection.query("SELECT applied_at FROM schema_migrations").map {
            try $0.get(0, as: Int64.self)
        }
        #expect(times == Array(repeating: 1000, count: Self.versions.count))
    }
}

/// Rows written by raw SQL as the schema stood at each version, and how the current store must read them.
enum MigrationSeed {
    static let t0: Int64 = 1_700_000_000_123

    static func insert(version: Int, into connection: SQLiteConnection) throws {
        switch version {
        case 1:
            try connection.executeScript(
                """
                INSERT INTO users VALUES ('u1', 'ada', 'Ada', 'ada@example.com', 'admin', 'hash', NULL, NULL, \(t0), 0);
                INSERT INTO access_tokens VALUES ('t1', 'u1', 'cli', 'token-hash', \(t0), NULL, \(t0 + 5));
                INSERT INTO sessions VALUES ('s1', 'u1', 'csrf', \(t0), \(t0 + 60_000), \(t0));
                """)
        case 2:
            try connection.executeScript(
                """
                INSERT INTO workspaces VALUES ('w1', 'u1', 'https://example.com/r', 'https://example.com/r.git',
                    'main', 'branch', 'abc', '{}', NULL, '{"A":"1"}', \(t0), NULL);
                INSERT INTO workspace_instances VALUES ('i1', 'w1', 'running', NULL, 'c1', 'img', 'git', \(t0), NULL);
                INSERT INTO instance_phase_times VALUES ('i1', 'preparing', \(t0)), ('i1', 'running', \(t0 + 9));
                """)
        case 3:
            try connection.executeScript(
                """
                INSERT INTO backups VALUES ('b1', 'w1', 'content/b1.tar.zst', 'ff', 42, \(t0), 'verified');
                INSERT INTO image_builds VALUES ('tag1', 'done', 'logs/tag1.log', \(t0), \(t0 + 1), NULL);
                INSERT INTO prebuilds VALUES ('p1', 'https://example.com/r.git', 'abc', 'available', 'content/p1',
                    'logs/p1.log', \(t0), \(t0 + 2), NULL);
                """)
        case 4:
            try connection.executeScript(
                "INSERT INTO environment_variables VALUES ('e1', 'u1', 'A', 'B', 'owner/*');")
        case 5:
            try connection.executeScript(
                """
                INSERT INTO workspace_instances VALUES ('i2', 'w1', 'stopped', NULL, NULL, 'img', 'backup', \(t0 - 2000),
                    \(t0 - 1000), 265536);
                """)
        case 6:
            try connection.executeScript("INSERT INTO workspace_ports VALUES ('w1', 3000, 'public');")
        case 7:
            try connection.executeScript(
                "UPDATE workspaces SET inactivity_timeout_seconds = 7200 WHERE id = 'w1';")
        case 8:
            try connection.executeScript("INSERT INTO user_settings VALUES ('u1', 5400);")
        default:
            Issue.record("no seed rows for migration \(version): add them with the migration")
        }
    }

    static func check(version: Int, in store: SQLiteStore) async throws {
        let time = Date(unixMilliseconds: t0)
        switch version {
        case 1:
            #expect(
                try await store.user(id: "u1")
                    == User(
                        id: "u1", username: "ada", displayName: "Ada", email: "ada@example.com", role: .admin,
                        passwordHash: "hash", createdAt: time))
            #expect(try await store.findAccessToken(hash: "token-hash")?.lastUsedAt == Date(unixMilliseconds: t0 + 5))
            #expect(try await store.findSession(id: "s1")?.expiresAt == Date(unixMilliseconds: t0 + 60_000))
        case 2:
            #expect(try await store.workspace(id: "w1").environmentVariables == #"{"A":"1"}"#)
            let instance = try await store.currentInstance(workspaceID: "w1")
            #expect(instance?.phase == .running)
            #expect(instance?.contentSource == .git)
            #expect(instance?.phaseTimes == [.preparing: time, .running: Date(unixMilliseconds: t0 + 9)])
        case 3:
            #expect(try await store.latestVerifiedBackup(workspaceID: "w1")?.size == 42)
            #expect(try await store.findImageBuild(tag: "tag1")?.state == .done)
            #expect(
                try await store.findAvailablePrebuild(cloneURL: "https://example.com/r.git", commit: "abc")?.id == "p1")
        case 4:
            #expect(try await store.environmentVariables(userID: "u1").map(\.repositoryPattern) == ["owner/*"])
        case 5:
            #expect(try await store.instance(id: "i1").hostIDOffset == nil)
            #expect(try await store.instance(id: "i2").hostIDOffset == 265_536)
        case 6:
            #expect(try await store.portVisibility(workspaceID: "w1", port: 3000) == "public")
        case 7:
            #expect(try await store.workspace(id: "w1").inactivityTimeout == .seconds(7200))
        case 8:
            #expect(try await store.defaultInactivityTimeout(userID: "u1") == .seconds(5400))
        default:
            Issue.record("no checks for migration \(version): add them with the migration")
        }
    }
}
