import Auth
import Foundation
import HTTP
import RESTAPI
import Store
import Testing

@testable import SwiftpodServer

/// The dashboard as the server serves it, and the settings API behind its settings page.
@Suite struct DashboardWiringTests {
    @Test func theDashboardIsServedAtTheBaseHost() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.createUser("ada")
            let session = try await fixture.signIn("ada")
            let home = try await fixture.send(.get, "/", cookie: session.cookie)
            #expect(home.status == 200)
            #expect(home.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
            #expect(home.body.contains("<form id=\"new-workspace\""))
            // No engine in this fixture: the page says why there is no list, and still offers the form.
            #expect(home.body.contains("container engine is starting"), "\(home.body)")
            let script = try #require(home.body.firstMatch(of: /src="(\/_dashboard\/[0-9a-f]{16}\/app\.js)"/))
            let asset = try await fixture.send(.get, String(script.1))
            #expect(asset.status == 200)
            #expect(asset.headers["Cache-Control"] == "public, max-age=31536000, immutable")
            #expect(try await fixture.send(.get, "/settings", cookie: session.cookie).status == 200)
            #expect(try await fixture.send(.get, "/admin/users", cookie: session.cookie).status == 404)
            #expect(try await fixture.send(.get, "/settings/tokens").status == 303)
        }
    }

    @Test func theSignInPageNamesTheSingleSignOnProvider() async throws {
        let provider = OIDCSettings(
            issuer: "https://login.example.com/realms/dev", clientID: "swiftpod", clientSecret: "s")
        try await ServerFixture.with(oidc: provider) { fixture in
            let page = try await fixture.send(.get, "/login?returnTo=/settings")
            #expect(page.body.contains(">Sign in with login.example.com</a>"), "\(page.body)")
            #expect(page.body.contains("name=\"username\""))
        }
        try await ServerFixture.with { fixture in
            let login = try await fixture.send(.get, "/login")
            #expect(!login.body.contains("Sign in with"))
        }
    }

    @Test func aUserSetsAndClearsTheirDefaultInactivityTimeout() async throws {
        try await ServerFixture.with { fixture in
            let user = try await fixture.createUser("ada")
            let token = try await fixture.token(for: user)
            var answer = try await fixture.send(.get, "/api/v1/user/settings", token: token)
            #expect(answer.status == 200)
            #expect(answer.json["defaultInactivityTimeout"] is NSNull)
            #expect(answer.json["serverDefaultInactivityTimeout"] as? String == "30m")
            #expect(answer.json["maximumInactivityTimeout"] as? String == "24h")

            answer = try await fixture.send(
                .put, "/api/v1/user/settings", json: #"{"defaultInactivityTimeout":"90m"}"#, token: token)
            #expect(answer.status == 200)
            #expect(answer.json["defaultInactivityTimeout"] as? String == "1h30m")
            #expect(try await fixture.services.store.defaultInactivityTimeout(userID: user.id) == .seconds(5400))

            for bad in ["25h", "soon", "0m"] {
                let refused = try await fixture.send(
                    .put, "/api/v1/user/settings", json: #"{"defaultInactivityTimeout":"\#(bad)"}"#, token: token)
                #expect(refused.status == 422, "\(bad): \(refused.body)")
                #expect(refused.body.contains("defaultInactivityTimeout"))
            }

            answer = try await fixture.send(
                .put, "/api/v1/user/settings", json: #"{"defaultInactivityTimeout":null}"#, token: token)
            #expect(answer.json["defaultInactivityTimeout"] is NSNull)
            #expect(try await fixture.services.store.defaultInactivityTimeout(userID: user.id) == nil)
            #expect(try await fixture.send(.get, "/api/v1/user/settings").status == 401)
        }
    }

    @Test func aBrowserSessionNeedsTheCSRFTokenToChangeSettings() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.createUser("ada")
            let session = try await fixture.signIn("ada")
            let body = #"{"defaultInactivityTimeout":"3h"}"#
            let forged = try await fixture.send(.put, "/api/v1/user/settings", json: body, cookie: session.cookie)
            #expect(forged.status == 403)
            let sent = try await fixture.send(
                .put, "/api/v1/user/settings", json: body, cookie: session.cookie, csrf: session.csrf)
            #expect(sent.status == 200)
        }
    }
}

/// The routes under `/api/v1` that the server serves itself are the ones the OpenAPI document lists for it.
@Suite struct ServerRouteDocumentTests {
    @Test func everyAPIRouteOfTheServerIsInTheDocumentAndNoOtherIs() async throws {
        try await ServerFixture.with(oidc: nil) { fixture in
            var served: Set<String> = []
            for group in SwiftpodServer.builtInGroups(fixture.services) {
                for route in group.routes where route.pattern.hasPrefix("/api/v1/") {
                    // The workspace routes are forwarded to the workspace API, whose own tests check them.
                    if route.pattern.hasPrefix("/api/v1/workspaces") || route.pattern == "/api/v1/openapi.json" {
                        continue
                    }
                    served.insert("\(route.method.rawValue) \(route.pattern)")
                }
            }
            let documented = Set(ServerRoute.all.map { "\($0.method.rawValue) \($0.pattern)" })
            #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented))")
            #expect(documented.subtracting(served).isEmpty, "not served: \(documented.subtracting(served))")
            #expect(served.contains("PUT /api/v1/user/settings"))
        }
    }
}
