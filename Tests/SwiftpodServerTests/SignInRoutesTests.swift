import Auth
import Foundation
import Testing

/// The sign-in, setup and home pages a browser uses before the dashboard.
@Suite struct SignInRoutesTests {
    @Test func theSignInPageSignsInAndReturnsOnlyToAPathOnThisSite() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.createUser("ada")
            let page = try await fixture.send(.get, "/login?returnTo=/auth/workspace%3Fhost%3Dx")
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.headers["X-Frame-Options"] == "DENY")
            #expect(page.headers["Content-Security-Policy"]?.contains("form-action 'self'") == true)
            #expect(page.body.contains("name=\"username\""))
            #expect(page.body.contains("name=\"returnTo\" value=\"/auth/workspace?host=x\""))
            // A return path off the site is replaced by the home page.
            let offSite = try await fixture.send(.get, "/login?returnTo=//evil.example/")
            #expect(offSite.body.contains("name=\"returnTo\" value=\"/\""))

            let signedIn = try await fixture.postForm(
                "/login", [("username", "ada"), ("password", "correct horse"), ("returnTo", "/workspaces")])
            #expect(signedIn.status == 303)
            #expect(signedIn.headers["Location"] == "/workspaces")
            let cookie = try #require(signedIn.headers["Set-Cookie"])
            #expect(cookie.contains("HttpOnly"))
            let evil = try await fixture.postForm(
                "/login", [("username", "ada"), ("password", "correct horse"), ("returnTo", "/\\evil.example")])
            #expect(evil.headers["Location"] == "/")
        }
    }

    @Test func aWrongPasswordShowsTheFormAgainWithTheReasonEscaped() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.createUser("ada")
            let wrong = try await fixture.postForm(
                "/login", [("username", "<script>ada"), ("password", "wrong horse"), ("returnTo", "/")])
            #expect(wrong.status == 401)
            #expect(wrong.headers["Set-Cookie"] == nil)
            #expect(wrong.body.contains("role=\"alert\""))
            #expect(wrong.body.contains("value=\"&lt;script&gt;ada\""))
            #expect(!wrong.body.contains("<script>"))
        }
    }

    @Test func formsFromAnotherOriginOrOfAnotherTypeAreRefused() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.createUser("ada")
            let fields = [("username", "ada"), ("password", "correct horse")]
            for origin in ["http://evil.example", "null", "http://localhost:8080.evil.example", nil] {
                let answer = try await fixture.postForm("/login", fields, origin: origin)
                #expect(answer.status == 403, "Origin \(origin ?? "missing")")
                #expect(answer.headers["Set-Cookie"] == nil)
            }
            let json = try await fixture.send(.post, "/login", body: "{}", contentType: "application/json")
            #expect(json.status == 403)
        }
    }

    @Test func theSetupLinkOpensAFormThatCreatesTheFirstAdministrator() async throws {
        try await ServerFixture.with { fixture in
            let bad = try await fixture.send(.get, "/setup?token=nope")
            #expect(bad.status == 403)
            #expect(bad.body.contains("not valid"))
            let link = try #require(try await fixture.services.firstRunSetup.setupLink(publicURL: "http://x"))
            let token = try #require(link.split(separator: "=").last.map(String.init))
            let form = try await fixture.send(.get, "/setup?token=\(token)")
            #expect(form.status == 200)
            #expect(form.body.contains("name=\"token\" value=\"\(token)\""))

            let weak = try await fixture.postForm(
                "/setup", [("token", token), ("username", "root"), ("email", ""), ("password", "short")])
            #expect(weak.status == 422)
            #expect(weak.body.contains("password"))
            #expect(weak.body.contains("name=\"username\" type=\"text\" value=\"root\""))

            let created = try await fixture.postForm(
                "/setup", [("token", token), ("username", "root"), ("email", ""), ("password", "correct horse")])
            #expect(created.status == 303)
            #expect(created.headers["Location"] == "/")
            let cookie = try #require(created.headers["Set-Cookie"]?.split(separator: ";").first.map(String.init))
            let home = try await fixture.send(.get, "/", cookie: cookie)
            #expect(home.status == 200)
            #expect(home.body.contains("<span class=\"user\">root</span>"))
            #expect(home.body.contains("href=\"/admin/users\""))

            let again = try await fixture.send(.get, "/setup?token=\(token)")
            #expect(again.body.contains("already set up"))
            let replay = try await fixture.postForm(
                "/setup", [("token", token), ("username", "mallory"), ("password", "correct horse")])
            #expect(replay.headers["Set-Cookie"] == nil)
            #expect(try await fixture.services.store.listUsers().map(\.username) == ["root"])
        }
    }

    @Test func signingOutNeedsTheFormsCSRFTokenAndEndsTheSession() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.createUser("ada")
            let anonymous = try await fixture.send(.get, "/")
            #expect(anonymous.status == 303)
            #expect(anonymous.headers["Location"] == "/login?returnTo=/")
            let session = try await fixture.signIn("ada")
            let home = try await fixture.send(.get, "/", cookie: session.cookie)
            #expect(home.body.contains("value=\"\(session.csrf)\""))

            let forged = try await fixture.postForm("/logout", [], cookie: session.cookie)
            #expect(forged.status == 403)
            #expect(try await fixture.send(.get, "/", cookie: session.cookie).status == 200)

            let out = try await fixture.postForm(
                "/logout", [(AuthenticationMiddleware.csrfFormField, session.csrf)], cookie: session.cookie)
            #expect(out.status == 303)
            #expect(out.headers["Location"] == "/login")
            #expect(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
            #expect(try await fixture.send(.get, "/", cookie: session.cookie).status == 303)
        }
    }
}
