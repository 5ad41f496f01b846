import Foundation
import SQLite
import Store
import Testing

@Suite struct SQLiteStoreTests {
    @Test func manyTasksWriteAtOnceWithoutBusyErrors() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    try await store.createUser(Sample.user("u\(index)", username: "user\(index)"))
                    try await store.createWorkspace(Sample.workspace("w\(index)", ownerID: "u\(index)"))
                    try await store.createInstance(Sample.instance("i\(index)", workspaceID: "w\(index)"))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.listUsers().count == 100)
        #expect(try await store.instances(inPhases: [.preparing]).count == 100)
    }

    @Test func twoStoresOnOneFileWaitForEachOther() async throws {
        let fixture = try await StoreFixture()
        let other = try await SQLiteStore.open(path: fixture.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, store) in [("a", fixture.store), ("b", other)] {
                for index in 0..<40 {
                    group.addTask {
                        try await store.createUser(Sample.user("\(name)\(index)", username: "\(name)-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await fixture.store.listUsers().count == 80)
        #expect(try await other.listUsers().count == 80)
        await other.close()
    }

    @Test func everythingSurvivesClosingAndReopening() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createAccessToken(
            AccessToken(id: "t1", userID: "u1", name: "cli", hash: "h", createdAt: Sample.time))
        try await store.createSession(
            Session(
                id: "s1", userID: "u1", csrfToken: "c", createdAt: Sample.time, expiresAt: Sample.at(60),
                lastSeenAt: Sample.time))
        try await store.createWorkspace(Sample.workspace())
        try await store.createInstance(Sample.instance())
        _ = try await store.updateInstancePhase(
            id: "i1", from: .preparing, to: .running, at: Sample.at(1), failureReason: nil)
        try await store.createBackup(Sample.backup())
        try await store.createImageBuild(ImageBuild(tag: "t", logPath: "l", startedAt: Sample.time))
        try await store.createPrebuild(Prebuild(id: "p1", cloneURL: "u", commit: "c", createdAt: Sample.time))
        try await store.createEnvironmentVariable(
            EnvironmentVariable(id: "e1", userID: "u1", name: "A", value: "B", repositoryPattern: "*/*"))
        let instance = try await store.instance(id: "i1")
        await store.close()

        let closed = await storeError { _ = try await store.listUsers() }
        #expect(closed?.code == .closed)
        #expect(closed?.message == "cannot list users: the store at '\(fixture.path)' is closed")

        let reopened = try await SQLiteStore.open(path: fixture.path)
        #expect(try await reopened.user(id: "u1") == Sample.user())
        #expect(try await reopened.findAccessToken(hash: "h")?.id == "t1")
        #expect(try await reopened.findSession(id: "s1")?.userID == "u1")
        #expect(try await reopened.workspace(id: "w1") == Sample.workspace())
        #expect(try await reopened.instance(id: "i1") == instance)
        #expect(try await reopened.backup(id: "b1") == Sample.backup())
        #expect(try await reopened.findImageBuild(tag: "t") != nil)
        #expect(try await reopened.prebuild(id: "p1").cloneURL == "u")
        #expect(try await reopened.environmentVariables(userID: "u1").count == 1)
        await reopened.close()
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() async throws {
        let fixture = try DatabaseFile()
        try Data("not a database, just text that is long enough to be a header...".utf8)
            .write(to: URL(fileURLWithPath: fixture.path))
        let error = await storeError { _ = try await SQLiteStore.open(path: fixture.path) }
        #expect(error?.code == .databaseFailure)
        #expect(error?.message == "cannot open the database at '\(fixture.path)'")
        #expect((error?.underlying as? SQLiteError)?.resultCode == 26)  // SQLITE_NOTADB
    }

    @Test func timesKeepTheirMilliseconds() async throws {
        let fixture = try await StoreFixture()
        var user = Sample.user()
        user.createdAt = Date(timeIntervalSince1970: 1_234_567_890.987)
        try await fixture.store.createUser(user)
        #expect(try await fixture.store.user(id: "u1").createdAt == user.createdAt)
    }

    @Test func aValueThisCodeCannotReadIsCorruptDataNotACrash() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        do {
            let connection = try SQLiteConnection(path: fixture.path)
            try connection.execute("PRAGMA ignore_check_constraints = ON")
            try connection.execute("UPDATE users SET role = 'overlord' WHERE id = 'u1'")
        }
        let error = await storeError { _ = try await fixture.store.user(id: "u1") }
        #expect(error?.code == .corruptData)
        #expect(error?.message == "column 'role' holds 'overlord', which is not a Role")
    }
}
