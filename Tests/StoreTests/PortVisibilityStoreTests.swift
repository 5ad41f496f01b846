import Foundation
import Testing

@testable import Store

/// The visibility of workspaces' ports: stored, replaced, checked, and gone with the workspace.
@Suite struct PortVisibilityStoreTests {
    @Test func aChoiceIsStoredReplacedAndRemovedWithItsWorkspace() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createWorkspace(Sample.workspace())
        #expect(try await store.portVisibility(workspaceID: "w1", port: 3000) == nil)
        try await store.setPortVisibility(workspaceID: "w1", port: 3000, visibility: "public")
        try await store.setPortVisibility(workspaceID: "w1", port: 8080, visibility: "private")
        #expect(try await store.portVisibility(workspaceID: "w1", port: 3000) == "public")
        try await store.setPortVisibility(workspaceID: "w1", port: 3000, visibility: "private")
        #expect(try await store.portVisibility(workspaceID: "w1", port: 3000) == "private")
        #expect(try await store.portVisibility(workspaceID: "w1", port: 8080) == "private")
        #expect(try await store.portVisibilities(workspaceID: "w1") == [3000: "private", 8080: "private"])
        #expect(try await store.portVisibilities(workspaceID: "other").isEmpty)

        let unknown = await storeError {
            try await store.setPortVisibility(workspaceID: "nope", port: 3000, visibility: "public")
        }
        #expect(unknown?.code == .notFound)
        let badPort = await storeError {
            try await store.setPortVisibility(workspaceID: "w1", port: 0, visibility: "public")
        }
        #expect(badPort?.code == .invalidArgument)
        #expect(badPort?.message == "port 0 is not between 1 and 65535")
        let badVisibility = await storeError {
            try await store.setPortVisibility(workspaceID: "w1", port: 3000, visibility: "shared")
        }
        #expect(badVisibility?.message == "'shared' is not a port visibility: use public or private")

        try await store.deleteWorkspace(id: "w1")
        #expect(try await store.portVisibility(workspaceID: "w1", port: 8080) == nil)
        await store.close()
    }
}
