import Foundation
import Store
import Testing

@testable import Auth

@Suite struct FirstRunSetupTests {
    func setup(_ fixture: AuthFixture) -> FirstRunSetup {
        FirstRunSetup(store: fixture.store, accounts: fixture.accounts, clock: fixture.clock.wallClock)
    }

    func setupToken(in link: String?) throws -> String {
        let link = try #require(link)
        let components = try #require(URLComponents(string: link))
        return try #require(components.queryItems?.first { $0.name == "token" }?.value)
    }

    @Test func offersALinkOnlyWhileThereAreNoUsers() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let link = try #require(try await setup.setupLink(publicURL: "http://localhost:8080/"))
        #expect(link.hasPrefix("http://localhost:8080/setup?token="))
        #expect(try await setup.setupLink(publicURL: "http://localhost:8080") == link)
        try await fixture.makeUser()
        #expect(try await setup.setupLink(publicURL: "http://localhost:8080") == nil)
        #expect(!(try await setup.isNeeded()))
    }

    @Test func createsTheFirstAdminOnceWithTheToken() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let token = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        #expect(setup.isValid(token: token))
        let admin = try await setup.createFirstAdmin(token: token, username: "root", password: "correct horse")
        #expect(admin.role == .admin)
        #expect(try await fixture.store.findUser(username: "root")?.role == .admin)
        #expect(!setup.isValid(token: token))
        let again = await authError {
            _ = try await setup.createFirstAdmin(token: token, username: "root2", password: "correct horse")
        }
        #expect(again?.code == .setupUnavailable)
    }

    @Test func refusesAWrongToken() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let token = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        for wrong in ["", String(token.dropLast()), String(token.reversed()), token.uppercased()] {
            let error = await authError {
                _ = try await setup.createFirstAdmin(token: wrong, username: "root", password: "correct horse")
            }
            #expect(error?.code == .setupUnavailable)
        }
        #expect(try await fixture.store.listUsers().isEmpty)
    }

    @Test func aWeakPasswordKeepsTheTokenValid() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let token = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        let error = await authError {
            _ = try await setup.createFirstAdmin(token: token, username: "root", password: "short")
        }
        #expect(error?.code == .weakPassword)
        #expect(setup.isValid(token: token))
        _ = try await setup.createFirstAdmin(token: token, username: "root", password: "long enough")
    }

    @Test func theTokenExpires() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let token = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        fixture.clock.advance(by: 3600)
        #expect(!setup.isValid(token: token))
        let fresh = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        #expect(fresh != token)
        #expect(setup.isValid(token: fresh))
    }

    @Test func isRefusedOnceAUserExists() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let token = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        try await fixture.makeUser()
        let error = await authError {
            _ = try await setup.createFirstAdmin(token: token, username: "root", password: "correct horse")
        }
        #expect(error?.code == .setupUnavailable)
    }

    @Test func concurrentSetupsCreateOneAdmin() async throws {
        let fixture = try await AuthFixture()
        let setup = setup(fixture)
        let token = try setupToken(in: try await setup.setupLink(publicURL: "http://localhost:8080"))
        let successes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<5 {
                group.addTask {
                    (try? await setup.createFirstAdmin(token: token, username: "root\(index)", password: "long enough"))
                        != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 1)
        #expect(try await fixture.store.listUsers().count == 1)
    }
}

@Suite struct UserAccountsTests {
    @Test(arguments: ["ada", "Ada.Lovelace", "a", "user_1", "x-y", String(repeating: "a", count: 39)])
    func acceptsUsernames(_ username: String) throws {
        try UserAccounts.checkUsername(username)
    }

    @Test(arguments: [
        "", "-ada", ".ada", "_ada", "ada lovelace", "adä", "a/b", "a@b", String(repeating: "a", count: 40),
    ])
    func refusesUsernames(_ username: String) {
        #expect(throws: AuthError.self) { try UserAccounts.checkUsername(username) }
    }

    @Test(arguments: ["a@b", "ada@example.com"]) func acceptsEmails(_ email: String) throws {
        try UserAccounts.checkEmail(email)
    }

    @Test(arguments: ["ada", "@b", "a@", "a@b@c", "a b@c", "a@b\n"]) func refusesEmails(_ email: String) {
        #expect(throws: AuthError.self) { try UserAccounts.checkEmail(email) }
    }

    @Test func refusesATakenUsernameInAnyCase() async throws {
        let fixture = try await AuthFixture()
        try await fixture.makeUser("ada")
        let error = await storeError { try await fixture.makeUser("ADA") }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("already exists") == true)
    }

    @Test func storesOnlyAPasswordHash() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        #expect(user.passwordHash?.hasPrefix("$pbkdf2-sha256$i=1000$") == true)
        #expect(!(try fixture.textValues(in: "users").contains { $0.contains("correct horse") }))
    }
}
