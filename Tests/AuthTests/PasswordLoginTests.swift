import Foundation
import NetIO
import Store
import Testing

@testable import Auth

@Suite struct PasswordLoginTests {
    func login(_ fixture: AuthFixture, hasher: PasswordHasher = AuthFixture.hasher) -> PasswordLogin {
        PasswordLogin(
            store: fixture.store, hasher: hasher, limiter: LoginRateLimiter(clock: fixture.clock.wallClock),
            sessions: fixture.sessions)
    }

    @Test func signsInWithTheRightPasswordAndStartsASession() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser("Ada")
        let signedIn = try await login(fixture).signIn(username: "ada", password: "correct horse", clientAddress: nil)
        #expect(signedIn.user.id == user.id)
        let verified = try await fixture.sessions.verify(cookieValue: signedIn.session.cookieValue)
        #expect(verified.user.id == user.id)
    }

    @Test(arguments: [("ada", "wrong horse"), ("nobody", "correct horse"), ("ada", "")])
    func refusesAWrongUsernameOrPasswordAlike(_ username: String, _ password: String) async throws {
        let fixture = try await AuthFixture()
        try await fixture.makeUser()
        let error = await authError {
            _ = try await login(fixture).signIn(username: username, password: password, clientAddress: "192.0.2.1")
        }
        #expect(error?.code == .invalidCredentials)
        #expect(error?.message == "wrong username or password")
    }

    @Test func refusesABlockedUser() async throws {
        let fixture = try await AuthFixture()
        try await fixture.block(try await fixture.makeUser())
        let error = await authError {
            _ = try await login(fixture).signIn(username: "ada", password: "correct horse", clientAddress: nil)
        }
        #expect(error?.code == .invalidCredentials)
    }

    @Test func locksOutAfterRepeatedFailuresEvenForTheRightPassword() async throws {
        let fixture = try await AuthFixture()
        try await fixture.makeUser()
        let login = login(fixture)
        for _ in 0..<5 {
            _ = await authError { _ = try await login.signIn(username: "ada", password: "nope", clientAddress: nil) }
        }
        let error = await authError {
            _ = try await login.signIn(username: "ada", password: "correct horse", clientAddress: nil)
        }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfter == .seconds(60))
        #expect(error?.httpError.status == .tooManyRequests)
        #expect(error?.httpError.headers["Retry-After"] == "60")
        fixture.clock.advance(by: 60)
        _ = try await login.signIn(username: "ada", password: "correct horse", clientAddress: nil)
    }

    @Test func parallelGuessesCannotSlipPastTheLimit() async throws {
        let fixture = try await AuthFixture()
        try await fixture.makeUser()
        let login = login(fixture)
        let codes = await withTaskGroup(of: AuthError.Code?.self) { group in
            for index in 0..<20 {
                group.addTask {
                    await authError {
                        _ = try await login.signIn(username: "ada", password: "guess \(index)", clientAddress: nil)
                    }?.code
                }
            }
            return await group.reduce(into: [AuthError.Code?]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == .invalidCredentials }.count == 5)
        #expect(codes.filter { $0 == .rateLimited }.count == 15)
    }

    @Test func upgradesAHashWithFewerIterations() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let stronger = PasswordHasher(iterations: 2_000)
        _ = try await login(fixture, hasher: stronger).signIn(
            username: "ada", password: "correct horse", clientAddress: nil)
        let hash = try #require(try await fixture.store.user(id: user.id).passwordHash)
        #expect(hash.hasPrefix("$pbkdf2-sha256$i=2000$"))
        #expect(await stronger.verify("correct horse", against: hash))
    }

    @Test func countsAddressesWithoutTheirPorts() {
        #expect(PasswordLogin.clientAddress(of: .ipv4(host: "192.0.2.1", port: 5000)) == "192.0.2.1")
        #expect(PasswordLogin.clientAddress(of: .ipv6(host: "2001:db8::1", port: 5000)) == "2001:db8::1")
        #expect(PasswordLogin.clientAddress(of: nil) == nil)
    }
}
