import Foundation
import Store
import Testing

@testable import Auth

@Suite struct SessionsTests {
    static let day: TimeInterval = 86_400

    @Test func createsASessionWhoseCookieValueIsNeverStored() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        #expect(created.cookieValue.count == 64)
        #expect(created.session.id != created.cookieValue)
        #expect(created.session.csrfToken.count == 64)
        #expect(created.session.expiresAt == fixture.clock.now.addingTimeInterval(7 * Self.day))
        let values = try fixture.textValues(in: "sessions")
        #expect(values.contains(created.session.id))
        #expect(!values.contains { $0.contains(created.cookieValue) })
        let other = try await fixture.sessions.create(userID: user.id)
        #expect(other.cookieValue != created.cookieValue)
        #expect(other.session.csrfToken != created.session.csrfToken)
    }

    @Test func verifiesASessionAndSlidesItsExpiry() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        fixture.clock.advance(by: 6 * Self.day)
        let verified = try await fixture.sessions.verify(cookieValue: created.cookieValue)
        #expect(verified.user.id == user.id)
        #expect(verified.session.expiresAt == fixture.clock.now.addingTimeInterval(7 * Self.day))
        let stored = try #require(try await fixture.store.findSession(id: created.session.id))
        #expect(stored.lastSeenAt == fixture.clock.now)
        #expect(stored.expiresAt == verified.session.expiresAt)
        fixture.clock.advance(by: 6 * Self.day)
        _ = try await fixture.sessions.verify(cookieValue: created.cookieValue)
    }

    @Test func writesAtMostOnceAMinutePerSession() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        fixture.clock.advance(by: 59)
        _ = try await fixture.sessions.verify(cookieValue: created.cookieValue)
        #expect(try await fixture.store.findSession(id: created.session.id)?.lastSeenAt == created.session.createdAt)
    }

    @Test func refusesASessionIdleForLongerThanTheIdleTimeout() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        fixture.clock.advance(by: 7 * Self.day)
        let error = await authError { _ = try await fixture.sessions.verify(cookieValue: created.cookieValue) }
        #expect(error?.code == .unauthenticated)
        #expect(error?.message.contains("expired") == true)
        #expect(try await fixture.store.findSession(id: created.session.id) == nil)
    }

    @Test func refusesASessionOlderThanTheAbsoluteLifetimeEvenWhenUsed() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        for _ in 0..<4 {
            fixture.clock.advance(by: 6 * Self.day)
            let verified = try await fixture.sessions.verify(cookieValue: created.cookieValue)
            #expect(verified.session.expiresAt <= created.session.createdAt.addingTimeInterval(30 * Self.day))
        }
        fixture.clock.advance(by: 6 * Self.day)
        let error = await authError { _ = try await fixture.sessions.verify(cookieValue: created.cookieValue) }
        #expect(error?.code == .unauthenticated)
    }

    @Test func refusesARevokedSession() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        try await fixture.sessions.revoke(cookieValue: created.cookieValue)
        try await fixture.sessions.revoke(cookieValue: created.cookieValue)
        try await fixture.sessions.revoke(cookieValue: "junk")
        let error = await authError { _ = try await fixture.sessions.verify(cookieValue: created.cookieValue) }
        #expect(error?.code == .unauthenticated)
    }

    @Test func revokesAllSessionsOfOneUser() async throws {
        let fixture = try await AuthFixture()
        let ada = try await fixture.makeUser("ada")
        let bob = try await fixture.makeUser("bob")
        let first = try await fixture.sessions.create(userID: ada.id)
        _ = try await fixture.sessions.create(userID: ada.id)
        let bobs = try await fixture.sessions.create(userID: bob.id)
        #expect(try await fixture.sessions.revokeAll(userID: ada.id) == 2)
        #expect(await authError { _ = try await fixture.sessions.verify(cookieValue: first.cookieValue) } != nil)
        _ = try await fixture.sessions.verify(cookieValue: bobs.cookieValue)
    }

    @Test func purgesExpiredSessions() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        _ = try await fixture.sessions.create(userID: user.id)
        fixture.clock.advance(by: 3 * Self.day)
        let recent = try await fixture.sessions.create(userID: user.id)
        fixture.clock.advance(by: 5 * Self.day)
        #expect(try await fixture.sessions.purgeExpired() == 1)
        _ = try await fixture.sessions.verify(cookieValue: recent.cookieValue)
    }

    @Test func refusesTheSessionsOfABlockedUser() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        try await fixture.block(user)
        let error = await authError { _ = try await fixture.sessions.verify(cookieValue: created.cookieValue) }
        #expect(error?.message.contains("blocked") == true)
    }

    @Test(arguments: ["", "abc", String(repeating: "z", count: 64), String(repeating: "0", count: 64)])
    func refusesMalformedAndUnknownCookieValues(_ value: String) async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        _ = try await fixture.sessions.create(userID: user.id)
        #expect(await authError { _ = try await fixture.sessions.verify(cookieValue: value) }?.code == .unauthenticated)
    }

    @Test func comparesCSRFTokens() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let session = try await fixture.sessions.create(userID: user.id).session
        #expect(Sessions.csrfTokenMatches(session.csrfToken, session: session))
        #expect(!Sessions.csrfTokenMatches("", session: session))
        #expect(!Sessions.csrfTokenMatches(String(session.csrfToken.dropLast()), session: session))
        #expect(!Sessions.csrfTokenMatches(session.csrfToken + "0", session: session))
        #expect(!Sessions.csrfTokenMatches(session.csrfToken.uppercased(), session: session))
    }
}
