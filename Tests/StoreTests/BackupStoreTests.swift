import Foundation
import Store
import Testing

@Suite struct BackupStoreTests {
    @Test func theLatestVerifiedBackupIsWhatARestartRestores() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createWorkspace(Sample.workspace())
        #expect(try await store.latestVerifiedBackup(workspaceID: "w1") == nil)

        try await store.createBackup(Sample.backup("b1", at: 0))
        try await store.createBackup(Sample.backup("b2", at: 10))
        try await store.createBackup(Sample.backup("b3", at: 20))
        try await store.updateBackupState(id: "b1", to: .verified)
        try await store.updateBackupState(id: "b2", to: .verified)
        // b3 is newest, but still pending: not safe to restore.
        #expect(try await store.latestVerifiedBackup(workspaceID: "w1")?.id == "b2")
        #expect(try await store.backups(workspaceID: "w1").map(\.id) == ["b3", "b2", "b1"])
        #expect(try await store.backup(id: "b2").state == .verified)
        #expect(try await store.backup(id: "b2").size == 123_456_789_012)

        try await store.updateBackupState(id: "b2", to: .deleted)
        #expect(try await store.latestVerifiedBackup(workspaceID: "w1")?.id == "b1")
        #expect(try await store.backups(workspaceID: "w1").count == 3)
    }

    @Test func onlyADeletedBackupsRecordCanBeRemoved() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createWorkspace(Sample.workspace())
        try await store.createBackup(Sample.backup())
        try await store.updateBackupState(id: "b1", to: .verified)
        let error = await storeError { try await store.deleteBackupRecord(id: "b1") }
        #expect(error?.code == .conflict)
        #expect(error?.message == "backup 'b1' is verified, not deleted: remove its file and mark it deleted first")
        try await store.updateBackupState(id: "b1", to: .deleted)
        try await store.deleteBackupRecord(id: "b1")
        #expect(await storeError { _ = try await store.backup(id: "b1") }?.code == .notFound)
        #expect(await storeError { try await store.deleteBackupRecord(id: "b1") }?.code == .notFound)
        #expect(await storeError { try await store.updateBackupState(id: "b1", to: .verified) }?.code == .notFound)
    }

    @Test func backupsNeedTheirWorkspaceAndUniqueIDs() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        let orphan = await storeError { try await fixture.store.createBackup(Sample.backup()) }
        #expect(orphan?.code == .notFound)
        try await fixture.store.createWorkspace(Sample.workspace())
        try await fixture.store.createBackup(Sample.backup())
        #expect(await storeError { try await fixture.store.createBackup(Sample.backup()) }?.code == .conflict)
    }
}
