import Foundation
import Store
import Testing

@Suite struct CredentialStoreTests {
    @Test func accessTokensAreFoundByHashUsedAndRevoked() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        let older = AccessToken(
            id: "t1", userID: "u1", name: "laptop", hash: "hash-1", createdAt: Sample.time, expiresAt: Sample.at(86400))
        let newer = AccessToken(id: "t2", userID: "u1", name: "ci", hash: "hash-2", createdAt: Sample.at(10))
        try await store.createAccessToken(older)
        try await store.createAccessToken(newer)

        #expect(try await store.findAccessToken(hash: "hash-1") == older)
        #expect(try await store.findAccessToken(hash: "unknown") == nil)
        #expect(try await store.accessTokens(userID: "u1") == [newer, older])

        try await store.recordAccessTokenUse(id: "t1", at: Sample.at(60))
        #expect(try await store.findAccessToken(hash: "hash-1")?.lastUsedAt == Sample.at(60))

        try await store.deleteAccessToken(id: "t1")
        #expect(try await store.findAccessToken(hash: "hash-1") == nil)
        #expect(await storeError { try await store.deleteAccessToken(id: "t1") }?.code == .notFound)
        #expect(await storeError { try await store.recordAccessTokenUse(id: "t1", at: Sample.time) }?.code == .notFound)
    }

    @Test func tokenHashesAreUniqueAndTokensNeedTheirUser() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.createUser(Sample.user())
        try await fixture.store.createAccessToken(
            AccessToken(id: "t1", userID: "u1", name: "a", hash: "same", createdAt: Sample.time))
        let duplicate = await storeError {
            try await fixture.store.createAccessToken(
                AccessToken(id: "t2", userID: "u1", name: "b", hash: "same", createdAt: Sample.time))
        }
        #expect(duplicate?.code == .conflict)
        #expect(duplicate?.message == "an access token with the same hash already exists")
        let orphan = await storeError {
            try await fixture.store.createAccessToken(
                AccessToken(id: "t3", userID: "ghost", name: "c", hash: "other", createdAt: Sample.time))
        }
        #expect(orphan?.code == .notFound)
        #expect(orphan?.message == "no user with id 'ghost'")
    }

    @Test func sessionsAreTouchedAndExpire() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        let short = Session(
            id: "s1", userID: "u1", csrfToken: "csrf-1", createdAt: Sample.time, expiresAt: Sample.at(60),
            lastSeenAt: Sample.time)
        let long = Session(
            id: "s2", userID: "u1", csrfToken: "csrf-2", createdAt: Sample.time, expiresAt: Sample.at(3600),
            lastSeenAt: Sample.time)
        try await store.createSession(short)
        try await store.createSession(long)
        #expect(try await store.findSession(id: "s1") == short)

        try await store.touchSession(id: "s2", lastSeenAt: Sample.at(30), expiresAt: nil)
        var touched = long
        touched.lastSeenAt = Sample.at(30)
        #expect(try await store.findSession(id: "s2") == touched)
        try await store.touchSession(id: "s2", lastSeenAt: Sample.at(40), expiresAt: Sample.at(7200))
        #expect(try await store.findSession(id: "s2")?.expiresAt == Sample.at(7200))

        #expect(try await store.deleteExpiredSessions(now: Sample.at(60)) == 1)
        #expect(try await store.findSession(id: "s1") == nil)
        #expect(try await store.findSession(id: "s2") != nil)

        try await store.deleteSession(id: "s2")
        #expect(try await store.findSession(id: "s2") == nil)
        #expect(await storeError { try await store.deleteSession(id: "s2") }?.code == .notFound)
        #expect(
            await storeError { try await store.touchSession(id: "s2", lastSeenAt: Sample.time, expiresAt: nil) }?
                .code == .notFound)
    }

    @Test func allOfAUsersSessionsEndTogether() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.createUser(Sample.user())
        try await store.createUser(Sample.user("u2", username: "grace"))
        for (id, user) in [("s1", "u1"), ("s2", "u1"), ("s3", "u2")] {
            try await store.createSession(
                Session(
                    id: id, userID: user, csrfToken: "c", createdAt: Sample.time, expiresAt: Sample.at(60),
                    lastSeenAt: Sample.time))
        }
        #expect(try await store.deleteSessions(userID: "u1") == 2)
        #expect(try await store.findSession(id: "s3") != nil)
        let duplicate = await storeError {
            try await store.createSession(
                Session(
                    id: "s3", userID: "u1", csrfToken: "c", createdAt: Sample.time, expiresAt: Sample.at(60),
                    lastSeenAt: Sample.time))
        }
        #expect(duplicate?.code == .conflict)
    }
}
