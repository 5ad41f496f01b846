import Foundation
import SwiftpodClient
import TestSupport
import Testing

/// The client against a real server in this process (no engine: the workspace routes answer 503).
@Suite struct APIClientTests {
    @Test func aTokenIdentifiesItsUserAndABadOneGetsTheServersMessage() async throws {
        try await ClientServerFixture.with { fixture in
            let ada = try await fixture.signedInClient("ada")
            #expect(try await ada.me().user.username == "ada")
            let forged = try fixture.client(.bearer("swp_" + String(repeating: "0", count: 64)))
            let error = try await #require(throws: APIClientError.self) { try await forged.me() }
            #expect(error.isUnauthenticated)
            #expect(error.serverCode == "unauthenticated")
            #expect(error.message == "the access token is not valid: it is unknown or was revoked")
        }
    }

    @Test func signsInWithAPasswordAndCreatesATokenWithTheSessionsCSRFToken() async throws {
        try await ClientServerFixture.with { fixture in
            _ = try await fixture.services.accounts.createUser(
                username: "ada", password: "correct horse", role: .member)
            let signIn = try await fixture.client().signIn(username: "ada", password: "correct horse")
            #expect(signIn.user.username == "ada")
            guard case .session(let cookie, let csrf) = signIn.credential else {
                Issue.record("not a session: \(signIn.credential)")
                return
            }
            // Without the CSRF token the server refuses the state-changing request.
            let forged = try fixture.client(.session(cookie: cookie, csrfToken: nil))
            let refused = try await #require(throws: APIClientError.self) {
                try await forged.createAccessToken(name: "cli", expires: "30d")
            }
            #expect(refused.status == 403)
            let session = try fixture.client(.session(cookie: cookie, csrfToken: csrf))
            let created = try await session.createAccessToken(name: "cli", expires: "12h")
            #expect(created.token.hasPrefix("swp_"))
            let expiry = try #require(created.accessToken.expiresAt)
            #expect(abs(expiry.timeIntervalSinceNow - 12 * 3600) < 60)
            try await session.signOut()
            await #expect(throws: APIClientError.self) { try await session.me() }

            let token = try fixture.client(.bearer(created.token))
            #expect(try await token.me().user.username == "ada")
            #expect(try await token.accessTokens().map(\.name) == ["cli"])
            try await token.revokeAccessToken(id: created.accessToken.id)
            let revoked = try await #require(throws: APIClientError.self) { try await token.me() }
            #expect(revoked.isUnauthenticated)

            let wrong = try await #require(throws: APIClientError.self) {
                try await fixture.client().signIn(username: "ada", password: "wrong horse")
            }
            #expect(wrong.status == 401)
        }
    }

    @Test func setsListsAndUnsetsEnvironmentVariables() async throws {
        try await ClientServerFixture.with { fixture in
            let ada = try await fixture.signedInClient("ada")
            let set = try await ada.setEnvironmentVariable(name: "EDITOR", value: "vim", repositoryPattern: nil)
            #expect([set.name, set.value, set.repositoryPattern] == ["EDITOR", "vim", "*/*"])
            _ = try await ada.setEnvironmentVariable(name: "EDITOR", value: "nano", repositoryPattern: "ada/*")
            #expect(try await ada.environmentVariables().count == 2)
            let ambiguous = try await #require(throws: APIClientError.self) {
                try await ada.unsetEnvironmentVariable(name: "EDITOR", repositoryPattern: nil)
            }
            #expect(ambiguous.status == 400)
            #expect(ambiguous.message.contains("several repository patterns"))
            try await ada.unsetEnvironmentVariable(name: "EDITOR", repositoryPattern: "ada/*")
            #expect(try await ada.environmentVariables().map(\.value) == ["vim"])
            let missing = try await #require(throws: APIClientError.self) {
                try await ada.unsetEnvironmentVariable(name: "NOPE", repositoryPattern: nil)
            }
            #expect(missing.isNotFound)
            #expect(missing.message == "no environment variable 'NOPE'")
            let badPattern = try await #require(throws: APIClientError.self) {
                try await ada.setEnvironmentVariable(name: "X", value: "1", repositoryPattern: "no-slash")
            }
            #expect(badPattern.status == 422)
        }
    }

    @Test func workspaceCallsCarryTheServersReasonWhenItCannotServeThem() async throws {
        try await ClientServerFixture.with { fixture in
            let ada = try await fixture.signedInClient("ada")
            let error = try await #require(throws: APIClientError.self) { try await ada.workspace(id: "abc") }
            #expect(error.status == 503)
            #expect(error.serverCode == "unavailable")
            #expect(!error.message.isEmpty)
            let events = try await #require(throws: APIClientError.self) {
                try await ada.followEvents(workspaceID: "abc") { _ in false }
            }
            #expect(events.status == 503)
        }
    }

    @Test func anUnreachableServerIsSaidSo() async throws {
        // A port that was just free: nothing listens on it.
        let running = try await RunningServer.start(ClientTestResponder())
        let url = running.url
        await running.stop()
        let client = APIClient(server: try ServerURL(url), timeout: TestTimeout.loopback)
        let error = try await #require(throws: APIClientError.self) { try await client.me() }
        #expect(error.code == .unreachable)
        #expect(error.message.hasPrefix("cannot reach the Swiftpod server at \(url): "), "\(error.message)")
    }
}
