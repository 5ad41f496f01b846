import Foundation
import Store
import Testing

@Suite struct WorkspaceStoreTests {
    @Test func createsReadsListsUpdatesAndSoftDeletes() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        let first = Sample.workspace("w1")
        var second = Sample.workspace("w2", at: 10)
        second.ref = nil
        second.refType = .commit
        try await store.createWorkspace(first)
        try await store.createWorkspace(second)

        #expect(try await store.workspace(id: "w1") == first)
        #expect(try await store.workspaces(ownerID: "u1", includeDeleted: false) == [second, first])
        #expect(try await store.workspaces(ownerID: "nobody", includeDeleted: true).isEmpty)

        second.image = "swiftpod/workspace:abc123"
        second.configuration = #"{"image":"custom"}"#
        second.environmentVariables = "{}"
        try await store.updateWorkspace(second)
        #expect(try await store.workspace(id: "w2") == second)

        try await store.markWorkspaceDeleted(id: "w2", at: Sample.at(20))
        // A second deletion keeps the first time.
        try await store.markWorkspaceDeleted(id: "w2", at: Sample.at(30))
        #expect(try await store.workspace(id: "w2").deletedAt == Sample.at(20))
        #expect(try await store.workspaces(ownerID: "u1", includeDeleted: false) == [first])
        #expect(try await store.workspaces(ownerID: "u1", includeDeleted: true).map(\.id) == ["w2", "w1"])
    }

    @Test func missingWorkspacesAndOwnersAreNotFound() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let orphan = await storeError { try await store.createWorkspace(Sample.workspace(ownerID: "ghost")) }
        #expect(orphan?.code == .notFound)
        #expect(orphan?.message == "no user with id 'ghost'")
        let missing = await storeError { _ = try await store.workspace(id: "w9") }
        #expect(missing?.message == "no workspace with id 'w9'")
        #expect(await storeError { try await store.updateWorkspace(Sample.workspace()) }?.code == .notFound)
        #expect(await storeError { try await store.markWorkspaceDeleted(id: "w1", at: Sample.time) }?.code == .notFound)
        #expect(await storeError { try await store.deleteWorkspace(id: "w1") }?.code == .notFound)
    }

    @Test func aWorkspaceKeepsItsOwnInactivityTimeout() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        var workspace = Sample.workspace()
        try await store.createWorkspace(workspace)
        #expect(try await store.workspace(id: "w1").inactivityTimeout == nil)

        try await store.setInactivityTimeout(workspaceID: "w1", to: .seconds(7200))
        workspace.inactivityTimeout = .seconds(7200)
        #expect(try await store.workspace(id: "w1") == workspace)
        try await store.setInactivityTimeout(workspaceID: "w1", to: nil)
        #expect(try await store.workspace(id: "w1").inactivityTimeout == nil)

        workspace.inactivityTimeout = .seconds(600)
        try await store.updateWorkspace(workspace)
        #expect(try await store.workspace(id: "w1").inactivityTimeout == .seconds(600))

        let tooShort = await storeError {
            try await store.setInactivityTimeout(workspaceID: "w1", to: .milliseconds(500))
        }
        #expect(tooShort?.code == .invalidArgument)
        let missing = await storeError { try await store.setInactivityTimeout(workspaceID: "w9", to: .seconds(60)) }
        #expect(missing?.message == "no workspace with id 'w9'")
    }

    @Test func duplicateWorkspaceIDsConflict() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        try await fixture.store.createWorkspace(Sample.workspace())
        let error = await storeError { try await fixture.store.createWorkspace(Sample.workspace()) }
        #expect(error?.code == .conflict)
        #expect(error?.message == "a workspace with id 'w1' already exists")
    }

    @Test func deletingAWorkspaceTakesItsInstancesButNeverItsBackups() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createWorkspace(Sample.workspace())
        try await store.createInstance(Sample.instance())
        try await store.createBackup(Sample.backup())

        let error = await storeError { try await store.deleteWorkspace(id: "w1") }
        #expect(error?.code == .conflict)
        #expect(error?.message == "workspace 'w1' still has backup records: delete its backups first")
        #expect(try await store.backup(id: "b1") == Sample.backup())

        try await store.updateBackupState(id: "b1", to: .deleted)
        try await store.deleteBackupRecord(id: "b1")
        try await store.deleteWorkspace(id: "w1")
        #expect(await storeError { _ = try await store.instance(id: "i1") }?.code == .notFound)
    }
}
