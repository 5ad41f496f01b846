import Foundation
import Store
import Testing

@testable import Auth

@Suite struct AccessTokensTests {
    @Test func createsATokenShownOnceAndStoresOnlyItsHash() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.accessTokens.create(userID: user.id, name: "laptop", lifetime: .never)
        #expect(created.token.hasPrefix("swp_"))
        #expect(created.token.count == 4 + 64)
        #expect(created.token.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let secret = String(created.token.dropFirst(4))
        let values = try fixture.textValues(in: "access_tokens")
        #expect(!values.isEmpty)
        #expect(!values.contains { $0.contains(secret) || $0.contains(created.token) })
        #expect(values.contains(created.record.hash))
        #expect(created.record.hash.count == 64)
    }

    @Test func verifiesATokenAndRecordsItsUseAtMostOnceAMinute() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.accessTokens.create(userID: user.id, name: "ci", lifetime: .seconds(3600))
        let start = fixture.clock.now

        let verified = try await fixture.accessTokens.verify(created.token)
        #expect(verified.user.id == user.id)
        #expect(verified.record.id == created.record.id)
        #expect(try await fixture.store.accessTokens(userID: user.id).first?.lastUsedAt == start)

        fixture.clock.advance(by: 30)
        _ = try await fixture.accessTokens.verify(created.token)
        #expect(try await fixture.store.accessTokens(userID: user.id).first?.lastUsedAt == start)

        fixture.clock.advance(by: 31)
        _ = try await fixture.accessTokens.verify(created.token)
        #expect(try await fixture.store.accessTokens(userID: user.id).first?.lastUsedAt == fixture.clock.now)
    }

    @Test func refusesAnExpiredToken() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.accessTokens.create(userID: user.id, name: "short", lifetime: .seconds(60))
        fixture.clock.advance(by: 59)
        _ = try await fixture.accessTokens.verify(created.token)
        fixture.clock.advance(by: 1)
        let error = await authError { _ = try await fixture.accessTokens.verify(created.token) }
        #expect(error?.code == .unauthenticated)
        #expect(error?.message.contains("expired") == true)
    }

    @Test func refusesARevokedToken() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.accessTokens.create(userID: user.id, name: "ci", lifetime: .never)
        try await fixture.accessTokens.revoke(id: created.record.id, userID: user.id)
        #expect(try await fixture.accessTokens.list(userID: user.id).isEmpty)
        let error = await authError { _ = try await fixture.accessTokens.verify(created.token) }
        #expect(error?.code == .unauthenticated)
    }

    @Test func refusesTheTokensOfABlockedUser() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.accessTokens.create(userID: user.id, name: "ci", lifetime: .never)
        try await fixture.block(user)
        let error = await authError { _ = try await fixture.accessTokens.verify(created.token) }
        #expect(error?.message.contains("blocked") == true)
    }

    @Test func aUserCannotRevokeAnotherUsersToken() async throws {
        let fixture = try await AuthFixture()
        let ada = try await fixture.makeUser("ada")
        let bob = try await fixture.makeUser("bob")
        let created = try await fixture.accessTokens.create(userID: ada.id, name: "ci", lifetime: .never)
        let error = await storeError { try await fixture.accessTokens.revoke(id: created.record.id, userID: bob.id) }
        #expect(error?.code == .notFound)
        _ = try await fixture.accessTokens.verify(created.token)
    }

    @Test func listsTokensNewestFirst() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        _ = try await fixture.accessTokens.create(userID: user.id, name: "first", lifetime: .never)
        fixture.clock.advance(by: 1)
        _ = try await fixture.accessTokens.create(userID: user.id, name: "second", lifetime: .seconds(60))
        let names = try await fixture.accessTokens.list(userID: user.id).map(\.name)
        #expect(names == ["second", "first"])
    }

    @Test(arguments: [
        "", "swp_", "swp_abc", "bearer", String(repeating: "a", count: 64),
        "swp_" + String(repeating: "g", count: 64), "swp_" + String(repeating: "a", count: 63),
        "swp_" + String(repeating: "a", count: 66), "SWP_" + String(repeating: "a", count: 64),
        "swp_" + String(repeating: "a", count: 62) + "é", "swp_" + String(repeating: "0", count: 64),
    ])
    func refusesMalformedAndUnknownTokens(_ token: String) async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        _ = try await fixture.accessTokens.create(userID: user.id, name: "ci", lifetime: .never)
        let error = await authError { _ = try await fixture.accessTokens.verify(token) }
        #expect(error?.code == .unauthenticated)
    }

    @Test(arguments: ["", "   ", "tab\there", String(repeating: "n", count: 101)])
    func refusesBadNames(_ name: String) async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let error = await authError {
            _ = try await fixture.accessTokens.create(userID: user.id, name: name, lifetime: .never)
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test func refusesATokenForAnUnknownUser() async throws {
        let fixture = try await AuthFixture()
        let error = await storeError {
            _ = try await fixture.accessTokens.create(userID: "nobody", name: "x", lifetime: .never)
        }
        #expect(error?.code == .notFound)
    }
}
