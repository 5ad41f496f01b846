import Auth
import Foundation
import Store
import SwiftpodServer
import Testing

@Suite struct TokenAndUserRoutesTests {
    @Test func sessionPOSTsNeedTheCSRFTokenAndBearerPOSTsDoNot() async throws {
        try await ServerFixture.with { server in
            let ada = try await server.createUser("ada")
            let session = try await server.signIn("ada")
            let body = #"{"name":"laptop","expires":"30d"}"#
            let forged = try await server.send(.post, "/api/v1/tokens", json: body, cookie: session.cookie)
            #expect(forged.status == 403)
            #expect(forged.errorCode == "csrf_rejected")
            let wrongToken = try await server.send(
                .post, "/api/v1/tokens", json: body, cookie: session.cookie,
                csrf: (session.csrf.hasPrefix("0") ? "1" : "0") + session.csrf.dropFirst())
            #expect(wrongToken.status == 403)
            let browser = try await server.send(
                .post, "/api/v1/tokens", json: body, cookie: session.cookie, csrf: session.csrf)
            #expect(browser.status == 201)
            let bearer = try await server.send(
                .post, "/api/v1/tokens", json: body, token: try await server.token(for: ada))
            #expect(bearer.status == 201, "\(bearer.body)")
        }
    }

    @Test func tokensAreShownOnceListedWithoutTheirSecretAndRefusedOnceRevoked() async throws {
        try await ServerFixture.with { server in
            let ada = try await server.createUser("ada")
            try await server.createUser("bob")
            let bootstrap = try await server.token(for: ada)
            let created = try await server.send(
                .post, "/api/v1/tokens", json: #"{"name":"ci","expires":"12h"}"#, token: bootstrap)
            #expect(created.status == 201)
            #expect(created.headers["Cache-Control"] == "no-store")
            let token = try #require(created.json["token"] as? String)
            #expect(token.hasPrefix("swp_"))
            let record = try #require(created.json["accessToken"] as? [String: Any])
            let id = try #require(record["id"] as? String)
            #expect(record["expiresAt"] is String)

            let list = try await server.send(.get, "/api/v1/tokens", token: token)
            #expect(list.status == 200)
            #expect(!list.body.contains(token))
            let names = (list.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names?.sorted() == ["ci", "test"])

            let bob = try await server.signIn("bob")
            let foreign = try await server.send(
                .delete, "/api/v1/tokens/\(id)", cookie: bob.cookie, csrf: bob.csrf)
            #expect(foreign.status == 404)
            #expect(try await server.send(.get, "/api/v1/auth/me", token: token).status == 200)

            let revoked = try await server.send(.delete, "/api/v1/tokens/\(id)", token: bootstrap)
            #expect(revoked.status == 204)
            #expect(try await server.send(.get, "/api/v1/auth/me", token: token).status == 401)
            #expect(try await server.send(.delete, "/api/v1/tokens/\(id)", token: bootstrap).status == 404)

            let bad = try await server.send(
                .post, "/api/v1/tokens", json: #"{"name":"x","expires":"soon"}"#, token: bootstrap)
            #expect(bad.status == 422)
            #expect(bad.body.contains("soon"))
        }
    }

    @Test func expiredTokensAreRefused() async throws {
        try await ServerFixture.with { server in
            let ada = try await server.createUser("ada")
            let twoDaysAgo = WallClock { Date().addingTimeInterval(-2 * 86_400) }
            let expired = try await AccessTokens(store: server.services.store, clock: twoDaysAgo).create(
                userID: ada.id, name: "old", lifetime: .seconds(86_400))
            let answer = try await server.send(.get, "/api/v1/tokens", token: expired.token)
            #expect(answer.status == 401)
            #expect(answer.errorCode == "unauthenticated")
            #expect(try await server.send(.get, "/api/v1/tokens", token: "swp_not-a-token").status == 401)
        }
    }

    @Test func onlyAdministratorsListAndCreateUsers() async throws {
        try await ServerFixture.with { server in
            let root = try await server.createUser("root", role: .admin)
            let ada = try await server.createUser("ada")
            let admin = try await server.token(for: root)
            let member = try await server.token(for: ada)

            let list = try await server.send(.get, "/api/v1/users", token: admin)
            #expect(list.status == 200)
            let usernames = (list.json["items"] as? [[String: Any]])?.compactMap { $0["username"] as? String }
            #expect(usernames == ["ada", "root"])
            #expect(!list.body.contains("pbkdf2"))

            let refused = try await server.send(.get, "/api/v1/users", token: member)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "permission_denied")
            let body = #"{"username":"bob","password":"correct horse","role":"member"}"#
            #expect(try await server.send(.post, "/api/v1/users", json: body, token: member).status == 403)
            #expect(try await server.send(.get, "/api/v1/users").status == 401)

            let created = try await server.send(.post, "/api/v1/users", json: body, token: admin)
            #expect(created.status == 201, "\(created.body)")
            #expect(created.json["username"] as? String == "bob")
            #expect(try await server.send(.post, "/api/v1/users", json: body, token: admin).status == 409)
            let badRole = #"{"username":"carl","password":"correct horse","role":"owner"}"#
            #expect(try await server.send(.post, "/api/v1/users", json: badRole, token: admin).status == 422)
            #expect(try await server.signIn("bob").csrf.isEmpty == false)
        }
    }
}
