import Foundation
import HTTPClient
import Store
import Testing

@testable import Auth

/// Sign-ins end to end against a real OIDC provider process (Python, Authlib) on loopback.
@Suite(.serialized) struct OIDCLoginTests {
    static let ada = OIDCProviderProcess.TestUser(subject: "sub-ada", email: "ada@example.com", username: "ada")
    static let eve = OIDCProviderProcess.TestUser(subject: "sub-eve", email: "eve@evil.example", username: "eve")
    static let otherAda = OIDCProviderProcess.TestUser(
        subject: "sub-ada-2", email: "ada@corp.example.com", username: "ada")

    func login(
        _ provider: OIDCProviderProcess, _ fixture: AuthFixture,
        authentication: OIDCProviderConfiguration.ClientAuthentication? = nil
    ) throws -> OIDCLogin {
        let configuration = OIDCProviderConfiguration(
            issuer: provider.issuer, clientID: OIDCProviderProcess.clientID,
            clientSecret: OIDCProviderProcess.clientSecret, redirectURL: OIDCProviderProcess.redirectURL,
            allowedEmailDomains: ["example.com", "CORP.example.com"], clientAuthentication: authentication)
        // The provider stamps tokens with the real time.
        return try OIDCLogin(configuration: configuration, store: fixture.store, sessions: fixture.sessions)
    }

    /// Follows the authorization URL as a browser would, and returns the query of the redirect to our callback.
    func authorize(_ started: OIDCLogin.Started) async throws -> String {
        let response = try await HTTPClient.shared.send(try HTTPClientRequest(url: started.authorizationURL))
        #expect(response.head.status.code == 302, "\(String(decoding: response.body.readableArray, as: UTF8.self))")
        let location = try #require(response.head.headers["Location"])
        #expect(location.hasPrefix(OIDCProviderProcess.redirectURL + "?"))
        return String(try #require(location.split(separator: "?", maxSplits: 1).last))
    }

    @Test(arguments: ["RS256", "ES256"])
    func signsInCreatesTheUserAndStartsASession(_ algorithm: String) async throws {
        let fixture = try await AuthFixture()
        try await OIDCProviderProcess.with(algorithm: algorithm, users: [Self.ada, Self.eve, Self.otherAda]) {
            provider in
            let login = try login(provider, fixture)
            let started = try await login.begin(returnTo: "/workspaces?new=1")
            #expect(started.authorizationURL.contains("code_challenge_method=S256"))
            let signedIn = try await login.complete(
                callbackQuery: try await authorize(started), browserState: started.state)
            #expect(signedIn.isNewUser)
            #expect(signedIn.returnTo == "/workspaces?new=1")
            #expect(signedIn.user.username == "ada")
            #expect(signedIn.user.email == "ada@example.com")
            #expect(signedIn.user.role == .member)
            #expect(signedIn.user.passwordHash == nil)
            #expect(signedIn.user.oidcIssuer == provider.issuer)
            #expect(signedIn.user.oidcSubject == "sub-ada")
            let verified = try await fixture.sessions.verify(cookieValue: signedIn.session.cookieValue)
            #expect(verified.user.id == signedIn.user.id)

            // The second sign-in finds the same user; another person who prefers the same name gets another one.
            let again = try await login.begin()
            let second = try await login.complete(callbackQuery: try await authorize(again))
            #expect(!second.isNewUser)
            #expect(second.user.id == signedIn.user.id)
            let other = try await login.begin(loginHint: Self.otherAda.email)
            let third = try await login.complete(callbackQuery: try await authorize(other))
            #expect(third.isNewUser)
            #expect(third.user.username == "ada-2")
        }
    }

    @Test func authenticatesWithClientSecretPostAndRefusesABlockedUser() async throws {
        let fixture = try await AuthFixture()
        try await OIDCProviderProcess.with(algorithm: "RS256", users: [Self.ada]) { provider in
            let login = try login(provider, fixture, authentication: .clientSecretPost)
            let started = try await login.begin()
            let signedIn = try await login.complete(callbackQuery: try await authorize(started))
            #expect(signedIn.user.oidcSubject == "sub-ada")
            #expect(provider.log.contains("POST /token"))

            try await fixture.block(signedIn.user)
            let blocked = await authError {
                _ = try await login.complete(callbackQuery: try await authorize(try await login.begin()))
            }
            #expect(blocked?.code == .permissionDenied)
            #expect(blocked?.message == "the user 'ada' is blocked")
        }
    }

    @Test func refusesAnEmailOutsideTheAllowedDomainsAndAReplayedState() async throws {
        let fixture = try await AuthFixture()
        try await OIDCProviderProcess.with(algorithm: "ES256", users: [Self.ada, Self.eve]) { provider in
            let login = try login(provider, fixture)

            let eve = try await login.begin(loginHint: Self.eve.email)
            let refused = await authError { _ = try await login.complete(callbackQuery: try await authorize(eve)) }
            #expect(refused?.code == .permissionDenied)
            #expect(refused?.message == "the email address 'eve@evil.example' is not in an allowed domain")
            #expect(try await fixture.store.findUser(oidcIssuer: provider.issuer, subject: "sub-eve") == nil)

            let started = try await login.begin()
            let query = try await authorize(started)
            _ = try await login.complete(callbackQuery: query)
            let replayed = await authError { _ = try await login.complete(callbackQuery: query) }
            #expect(replayed?.code == .invalidOIDCCallback)
            #expect(
                replayed?.message == "the sign-in state is unknown, expired or already used: start the sign-in again")
            #expect(replayed?.httpError.status == .badRequest)

            let foreign = try await login.begin()
            let wrongBrowser = await authError {
                _ = try await login.complete(callbackQuery: try await authorize(foreign), browserState: started.state)
            }
            #expect(wrongBrowser?.code == .invalidOIDCCallback)
        }
    }

    @Test func reportsTheProviderRefusingAWrongPKCEVerifier() async throws {
        let fixture = try await AuthFixture()
        try await OIDCProviderProcess.with(algorithm: "RS256", users: [Self.ada]) { provider in
            let login = try login(provider, fixture)
            // A code obtained for one sign-in, injected into another: our verifier is the other sign-in's.
            let victim = try await login.begin()
            let attacker = try await login.begin()
            let code = try #require(URLEncodedForm.decode(try await authorize(victim))["code"])
            let query = URLEncodedForm.encode([("code", code), ("state", attacker.state)])
            let error = await authError { _ = try await login.complete(callbackQuery: query) }
            #expect(error?.code == .oidcProviderFailed)
            #expect(
                error?.message
                    == "the provider refused the authorization code: invalid_grant: PKCE verification failed")
            #expect(try await fixture.store.findUser(oidcIssuer: provider.issuer, subject: "sub-ada") == nil)
        }
    }

    @Test func fetchesTheKeySetAgainWhenTheProviderRotatesItsKey() async throws {
        let fixture = try await AuthFixture()
        try await OIDCProviderProcess.with(algorithm: "ES256", users: [Self.ada]) { provider in
            let login = try login(provider, fixture)
            _ = try await login.complete(callbackQuery: try await authorize(try await login.begin()))
            let rotate = try HTTPClientRequest(url: provider.issuer + "/rotate", method: .post)
            #expect(try await HTTPClient.shared.send(rotate).head.status.code == 200)
            let signedIn = try await login.complete(callbackQuery: try await authorize(try await login.begin()))
            #expect(signedIn.user.oidcSubject == "sub-ada")
            #expect(provider.log.components(separatedBy: "GET /jwks").count - 1 == 2)
        }
    }

    @Test func refusesADiscoveryDocumentForAnotherIssuer() async throws {
        let fixture = try await AuthFixture()
        try await OIDCProviderProcess.with(algorithm: "RS256", users: [Self.ada]) { provider in
            let configuration = OIDCProviderConfiguration(
                issuer: provider.issuer + "/", clientID: OIDCProviderProcess.clientID, clientSecret: "x",
                redirectURL: OIDCProviderProcess.redirectURL)
            let login = try OIDCLogin(configuration: configuration, store: fixture.store, sessions: fixture.sessions)
            let error = await authError { _ = try await login.begin() }
            #expect(error?.code == .oidcProviderFailed)
            #expect(error?.message.contains("is not the configured issuer") == true)
        }
    }

    @Test func reportsAProviderThatCannotBeReached() async throws {
        let fixture = try await AuthFixture()
        let configuration = OIDCProviderConfiguration(
            issuer: "http://127.0.0.1:9", clientID: "c", clientSecret: "s",
            redirectURL: OIDCProviderProcess.redirectURL,
            requestTimeout: .seconds(5))
        let login = try OIDCLogin(configuration: configuration, store: fixture.store, sessions: fixture.sessions)
        let error = await authError { _ = try await login.begin() }
        #expect(error?.code == .oidcProviderFailed)
        #expect(error?.message.hasPrefix("the provider's discovery document could not be fetched") == true)
    }
}
