import Auth
import Foundation
import Store
import SwiftpodServer
import Testing

@Suite struct AuthRoutesTests {
    @Test func signInSetsAnHttpOnlySessionCookieAndReturnsTheUserAndCSRFToken() async throws {
        try await ServerFixture.with { server in
            try await server.createUser("ada")
            let answer = try await server.send(
                .post, "/api/v1/auth/login", json: #"{"username":"ada","password":"correct horse"}"#)
            #expect(answer.status == 200, "\(answer.body)")
            let setCookie = try #require(answer.headers["Set-Cookie"])
            #expect(setCookie.hasPrefix("swiftpod_session="))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect((answer.json["user"] as? [String: Any])?["username"] as? String == "ada")
            #expect((answer.json["user"] as? [String: Any])?["passwordHash"] == nil)
            let csrf = try #require(answer.json["csrfToken"] as? String)
            #expect(csrf.count >= 32)

            let session = try await server.signIn("ada")
            let me = try await server.send(.get, "/api/v1/auth/me", cookie: session.cookie)
            #expect(me.status == 200)
            #expect((me.json["user"] as? [String: Any])?["role"] as? String == "member")
            #expect(me.json["csrfToken"] as? String == session.csrf)
        }
    }

    @Test func wrongPasswordsUnknownUsersAndMalformedBodiesAreRefused() async throws {
        try await ServerFixture.with { server in
            try await server.createUser("ada")
            let wrong = try await server.send(
                .post, "/api/v1/auth/login", json: #"{"username":"ada","password":"wrong horse"}"#)
            #expect(wrong.status == 401)
            #expect(wrong.errorCode == "unauthenticated")
            #expect(wrong.headers["Set-Cookie"] == nil)
            let unknown = try await server.send(
                .post, "/api/v1/auth/login", json: #"{"username":"bob","password":"correct horse"}"#)
            #expect(unknown.status == 401)
            let malformed = try await server.send(.post, "/api/v1/auth/login", json: #"{"username":"ada"}"#)
            #expect(malformed.status == 400)
            #expect(malformed.body.contains("password"))
            let notJSON = try await server.send(.post, "/api/v1/auth/login", json: "username=ada")
            #expect(notJSON.status == 400)
            let form = try await server.send(
                .post, "/api/v1/auth/login", body: "username=ada&password=correct+horse",
                contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            #expect(form.headers["Set-Cookie"] == nil)
            let anonymous = try await server.send(.get, "/api/v1/auth/me")
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "unauthenticated")
        }
    }

    @Test func repeatedFailedSignInsAreRateLimitedEvenWithTheRightPassword() async throws {
        try await ServerFixture.with(loginPolicy: LoginRateLimitPolicy(failuresPerUsername: 2)) { server in
            try await server.createUser("ada")
            for _ in 0..<2 {
                let wrong = try await server.send(
                    .post, "/api/v1/auth/login", json: #"{"username":"ada","password":"wrong horse"}"#)
                #expect(wrong.status == 401)
            }
            let limited = try await server.send(
                .post, "/api/v1/auth/login", json: #"{"username":"ada","password":"correct horse"}"#)
            #expect(limited.status == 429)
            #expect(limited.headers["Retry-After"].flatMap { Int($0) }.map { $0 > 0 } == true)
            #expect(limited.errorCode == "too_many_requests")
        }
    }

    @Test func signingOutNeedsTheCSRFTokenAndEndsTheSession() async throws {
        try await ServerFixture.with { server in
            try await server.createUser("ada")
            let session = try await server.signIn("ada")
            let forged = try await server.send(.post, "/api/v1/auth/logout", cookie: session.cookie)
            #expect(forged.status == 403)
            #expect(forged.errorCode == "csrf_rejected")
            #expect(try await server.send(.get, "/api/v1/auth/me", cookie: session.cookie).status == 200)

            let out = try await server.send(.post, "/api/v1/auth/logout", cookie: session.cookie, csrf: session.csrf)
            #expect(out.status == 204)
            #expect(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
            #expect(try await server.send(.get, "/api/v1/auth/me", cookie: session.cookie).status == 401)
        }
    }

    @Test func theSetupLinkCreatesTheFirstAdministratorOnce() async throws {
        try await ServerFixture.with { server in
            let link = try #require(
                try await server.services.firstRunSetup.setupLink(publicURL: "http://localhost:8080"))
            #expect(link.hasPrefix("http://localhost:8080/setup?token="))
            let token = try #require(link.split(separator: "=").last.map(String.init))

            let wrong = try await server.send(
                .post, "/api/v1/setup", json: #"{"token":"nope","username":"root","password":"correct horse"}"#)
            #expect(wrong.status == 404)
            let weak = try await server.send(
                .post, "/api/v1/setup", json: #"{"token":"\#(token)","username":"root","password":"short"}"#)
            #expect(weak.status == 422)

            let created = try await server.send(
                .post, "/api/v1/setup", json: #"{"token":"\#(token)","username":"root","password":"correct horse"}"#)
            #expect(created.status == 201, "\(created.body)")
            #expect((created.json["user"] as? [String: Any])?["role"] as? String == "admin")
            #expect(created.headers["Set-Cookie"]?.hasPrefix("swiftpod_session=") == true)

            let again = try await server.send(
                .post, "/api/v1/setup", json: #"{"token":"\#(token)","username":"eve","password":"correct horse"}"#)
            #expect(again.status == 404)
            #expect(try await server.services.store.listUsers().map(\.username) == ["root"])
            #expect(try await server.services.firstRunSetup.setupLink(publicURL: "http://localhost:8080") == nil)
        }
    }

    @Test func healthIsPublicAndUnknownAPIRoutesAnswerTheErrorEnvelope() async throws {
        try await ServerFixture.with { server in
            let health = try await server.send(.get, "/api/v1/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let missing = try await server.send(.get, "/api/v1/nothing-here")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
            let wrongMethod = try await server.send(.patch, "/api/v1/auth/login", json: "{}")
            #expect(wrongMethod.status == 405)
        }
    }
}
