import Foundation
import Store
import Testing

@Suite struct UserStoreTests {
    @Test func createsReadsListsUpdatesAndDeletes() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        var ada = Sample.user()
        var grace = Sample.user("u2", username: "grace")
        grace.role = .admin
        grace.passwordHash = nil
        grace.oidcIssuer = "https://id.example.com"
        grace.oidcSubject = "1234"
        try await store.createUser(ada)
        try await store.createUser(grace)

        #expect(try await store.user(id: "u1") == ada)
        #expect(try await store.user(id: "u2") == grace)
        #expect(try await store.findUser(username: "ADA") == ada)
        #expect(try await store.findUser(username: "nobody") == nil)
        #expect(try await store.findUser(oidcIssuer: "https://id.example.com", subject: "1234") == grace)
        #expect(try await store.findUser(oidcIssuer: "https://other.example.com", subject: "1234") == nil)
        #expect(try await store.listUsers() == [ada, grace])

        ada.username = "countess"
        ada.displayName = "Countess of Lovelace"
        ada.blocked = true
        ada.role = .admin
        try await store.updateUser(ada)
        #expect(try await store.user(id: "u1") == ada)

        try await store.deleteUser(id: "u1")
        #expect(try await store.listUsers() == [grace])
        let error = await storeError { _ = try await store.user(id: "u1") }
        #expect(error?.code == .notFound)
        #expect(error?.message == "no user with id 'u1'")
    }

    @Test func usernamesAreUniqueRegardlessOfCase() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        let error = await storeError { try await fixture.store.createUser(Sample.user("u2", username: "ADA")) }
        #expect(error?.code == .conflict)
        #expect(error?.message == "a user named 'ADA' already exists")

        try await fixture.store.createUser(Sample.user("u3", username: "bob"))
        var renamed = Sample.user("u3", username: "Ada")
        renamed.email = "bob@example.com"
        let renameError = await storeError { try await fixture.store.updateUser(renamed) }
        #expect(renameError?.code == .conflict)
    }

    @Test func idsAndOIDCIdentitiesAreUnique() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        let idError = await storeError { try await fixture.store.createUser(Sample.user("u1", username: "other")) }
        #expect(idError?.code == .conflict)
        #expect(idError?.message == "a user with id 'u1' already exists")

        var first = Sample.user("u2", username: "first")
        first.oidcIssuer = "https://id.example.com"
        first.oidcSubject = "s"
        try await fixture.store.createUser(first)
        var second = Sample.user("u3", username: "second")
        second.oidcIssuer = "https://id.example.com"
        second.oidcSubject = "s"
        let oidcError = await storeError { try await fixture.store.createUser(second) }
        #expect(oidcError?.code == .conflict)
        #expect(oidcError?.message == "another user already signs in as 's' at 'https://id.example.com'")
        // The same subject at another issuer is another person.
        second.oidcIssuer = "https://other.example.com"
        try await fixture.store.createUser(second)
    }

    @Test func missingUsersAreNotFound() async throws {
        let fixture = try await StoreFixture()
        #expect(await storeError { try await fixture.store.updateUser(Sample.user()) }?.code == .notFound)
        #expect(await storeError { try await fixture.store.deleteUser(id: "u1") }?.code == .notFound)
    }

    @Test func deletingAUserTakesTheirCredentialsButNeverTheirWorkspaces() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createAccessToken(
            AccessToken(id: "t1", userID: "u1", name: "cli", hash: "h1", createdAt: Sample.time))
        try await store.createSession(
            Session(
                id: "s1", userID: "u1", csrfToken: "c", createdAt: Sample.time, expiresAt: Sample.at(3600),
                lastSeenAt: Sample.time))
        try await store.createEnvironmentVariable(
            EnvironmentVariable(id: "e1", userID: "u1", name: "TOKEN", value: "x", repositoryPattern: "*/*"))
        try await store.createWorkspace(Sample.workspace())

        let error = await storeError { try await store.deleteUser(id: "u1") }
        #expect(error?.code == .conflict)
        #expect(error?.message == "user 'u1' still owns workspaces: delete them first")

        try await store.deleteWorkspace(id: "w1")
        try await store.deleteUser(id: "u1")
        #expect(try await store.findAccessToken(hash: "h1") == nil)
        #expect(try await store.findSession(id: "s1") == nil)
        #expect(try await store.environmentVariables(userID: "u1").isEmpty)
    }
}
