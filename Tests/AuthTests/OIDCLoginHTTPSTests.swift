import Foundation
import HTTPClient
import TestSupport
import Testing

@testable import Auth

/// Sign-in against a provider served over HTTPS with a certificate from a private CA, as a self-hosted Keycloak or
/// GitLab often is: discovery, the token exchange and the key set all go through the client's TLS.
@Suite struct OIDCLoginHTTPSTests {
    @Test func signsInThroughAProviderServedOverHTTPSWithAPrivateCA() async throws {
        let fixture = try await AuthFixture()
        let authority = try await TestCertificateAuthority.make()
        let certificate = try await authority.issue("provider", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        // RS256: Authlib sometimes publishes P-256 coordinates shorter than the 32 bytes RFC 7518 asks for.
        try await OIDCProviderProcess.with(algorithm: "RS256", users: [OIDCLoginTests.ada], tls: certificate) {
            provider in
            #expect(provider.issuer.hasPrefix("https://127.0.0.1:"))
            let configuration = OIDCProviderConfiguration(
                issuer: provider.issuer, clientID: OIDCProviderProcess.clientID,
                clientSecret: OIDCProviderProcess.clientSecret, redirectURL: OIDCProviderProcess.redirectURL,
                allowedEmailDomains: ["example.com"])
            let client = HTTPClient(tls: TLSConfiguration(additionalTrustRoots: [authority.certificatePath]))
            let login = try OIDCLogin(
                configuration: configuration, store: fixture.store, sessions: fixture.sessions, client: client)
            let started = try await login.begin()
            #expect(started.authorizationURL.hasPrefix(provider.issuer + "/authorize?"))
            // The browser's part: the provider approves at once and redirects to our callback.
            let redirect = try await client.send(try HTTPClientRequest(url: started.authorizationURL))
            #expect(redirect.head.status.code == 302)
            let location = try #require(redirect.head.headers["Location"])
            let query = String(try #require(location.split(separator: "?", maxSplits: 1).last))
            let signedIn = try await login.complete(callbackQuery: query, browserState: started.state)
            #expect(signedIn.user.oidcIssuer == provider.issuer)
            #expect(signedIn.user.oidcSubject == OIDCLoginTests.ada.subject)

            // A server that does not trust the private CA refuses the provider and says why.
            let untrusting = try OIDCLogin(
                configuration: configuration, store: fixture.store, sessions: fixture.sessions, client: HTTPClient())
            let error = await #expect(throws: AuthError.self) { _ = try await untrusting.begin() }
            #expect(
                error?.message.contains(
                    "the certificate of 127.0.0.1 is not trusted: unable to get local issuer certificate") == true,
                "\(String(describing: error))")
        }
    }
}
