import Auth
import Basics
import Foundation
import HTTP
import HTTPServer
import Store
import Testing

@testable import Dashboard

@Suite struct DashboardTests {
    static let ada = User(id: "u1", username: "ada", displayName: "Ada", email: "", role: .member, createdAt: .now)
    static let root = User(id: "u2", username: "root", displayName: "", email: "", role: .admin, createdAt: .now)
    static let pages = ["/", "/workspaces/ws1", "/settings", "/settings/variables", "/settings/tokens"]

    /// A dashboard over a fake backend where cookie `ada` is a member's session and `root` an administrator's.
    struct Fixture {
        let backend: FakeDashboardBackend
        let responder: any HTTPResponder

        init() {
            func principal(_ user: User) -> Principal {
                let now = Date()
                return Principal(
                    user: user,
                    method: .session(
                        Session(
                            id: "s-" + user.id, userID: user.id, csrfToken: "csrf-" + user.username, createdAt: now,
                            expiresAt: now + 3600, lastSeenAt: now)))
            }
            backend = FakeDashboardBackend(sessions: ["ada": principal(DashboardTests.ada), "root": principal(root)])
            var router = Router()
            for route in Dashboard(backend: backend, now: { Date(timeIntervalSince1970: 1_800_000_100) }).routes {
                router.on(route.method, route.pattern, route.handler)
            }
            responder = router.responder()
        }

        struct Answer {
            var status: Int
            var headers: HTTPHeaders
            var body: String
        }

        func send(
            _ target: String, method: HTTPMethod = .get, cookie: String? = "ada", form: [(String, String)]? = nil
        ) async throws -> Answer {
            var headers: HTTPHeaders = [:]
            if let cookie { headers.add(name: "Cookie", value: cookie) }
            if form != nil { headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded") }
            let request = HTTPRequest(
                head: HTTPRequestHead(method: method, target: target, headers: headers),
                body: form.map { .bytes(ByteBuffer(string: URLEncodedForm.encode($0))) } ?? .empty)
            let response: HTTPResponse
            do {
                response = try await responder.respond(to: request, context: RequestContext(logger: .disabled))
            } catch let error as HTTPError {
                response = error.response
            }
            guard case .bytes(let bytes) = response.body else {
                return Answer(status: Int(response.status.code), headers: response.headers, body: "")
            }
            return Answer(
                status: Int(response.status.code), headers: response.headers,
                body: String(decoding: bytes.readableView, as: UTF8.self))
        }
    }

    @Test(arguments: pages)
    func everyPageRendersForASignedInUser(_ path: String) async throws {
        let fixture = Fixture()
        fixture.backend.state.withLock {
            $0.workspaces = [.sample(id: "ws1", contextURL: "https://github.com/ada/project", phase: "running")]
        }
        let answer = try await fixture.send(path)
        #expect(answer.status == 200, "\(path): \(answer.body)")
        #expect(answer.body.contains("<meta name=\"csrf-token\" content=\"csrf-ada\">"))
        #expect(answer.body.contains("<span class=\"user\">ada</span>"))
        #expect(answer.body.contains("name=\"csrf_token\" value=\"csrf-ada\""), "the sign-out form")
        #expect(!answer.body.contains("href=\"/admin/users\""), "members see no Users link")
        #expect(!answer.body.contains("<script>"), "no inline script")
    }

    @Test(arguments: pages + ["/admin/users", "/workspaces/ws1?open=1"])
    func withoutASessionEveryPageSendsToTheSignInPage(_ path: String) async throws {
        let fixture = Fixture()
        for cookie in [nil, "stale"] {
            let answer = try await fixture.send(path, cookie: cookie)
            #expect(answer.status == 303)
            #expect(answer.headers["Location"] == "/login?returnTo=" + ReturnPath.queryEncoded(path))
        }
    }

    @Test func pagesForbidFramingCachingAndOtherSitesScripts() async throws {
        let answer = try await Fixture().send("/")
        #expect(answer.headers["X-Frame-Options"] == "DENY")
        #expect(answer.headers["Cache-Control"] == "no-store")
        let policy = try #require(answer.headers["Content-Security-Policy"])
        #expect(policy.contains("script-src 'self';"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe-inline"))
        #expect(answer.headers["Content-Type"] == "text/html; charset=utf-8")
    }

    @Test func theWorkspacesListShowsPhasesTimesFailuresAndActions() async throws {
        let fixture = Fixture()
        fixture.backend.state.withLock {
            $0.workspaces = [
                .sample(id: "wsrun", contextURL: "https://github.com/ada/one", phase: "running"),
                .sample(id: "wsfail", contextURL: "https://github.com/ada/two", phase: "failed", failure: "no image"),
            ]
        }
        let body = try await fixture.send("/").body
        #expect(body.contains("<form id=\"new-workspace\""))
        #expect(body.contains("name=\"url\""))
        #expect(body.contains("<tr data-workspace-id=\"wsrun\" data-phase=\"running\">"))
        #expect(body.contains("<span class=\"phase badge phase-running\">running</span>"))
        #expect(body.contains("<a class=\"button open-ide\" href=\"http://wsrun.localhost:8080\""))
        #expect(body.contains("<li title=\"2027-01-15T08:00:00Z\">preparing 42s</li>"))
        #expect(body.contains("running for 58s"))
        #expect(body.contains("<p class=\"failure\">no image</p>"))
        // The failed one can start, not open.
        let failedRow = try #require(body.components(separatedBy: "data-workspace-id=\"wsfail\"").last)
        #expect(failedRow.contains("data-action=\"start\""))
        #expect(!failedRow.contains("open-ide"))
    }

    @Test func phasesThatBeganInTheSameMillisecondKeepTheirOrder() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var workspace = DashboardWorkspace.sample(id: "ws1", contextURL: "https://x.example/a/b", phase: "running")
        workspace.phaseTimes = [
            "running": start + 1, "initializing": start, "creating": start, "pending": start, "preparing": start,
        ]
        let html = WorkspacePages.phaseTimes(workspace, now: start + 61)
        let names = html.matches(of: #/<li[^>]*>([a-z]+) /#).map { String($0.1) }
        #expect(names == ["preparing", "pending", "creating", "initializing", "running"])
        #expect(html.contains(">initializing 1s</li>"))
        #expect(html.contains(">running for 1m 0s</li>"))
    }

    @Test func anEmptyListSaysSoAndAnUnavailableOneSaysWhy() async throws {
        let fixture = Fixture()
        #expect(try await fixture.send("/").body.contains("No workspaces yet"))
        fixture.backend.state.withLock {
            $0.listError = HTTPError(.serviceUnavailable, message: "the container engine is starting")
        }
        let answer = try await fixture.send("/")
        #expect(answer.status == 200)
        #expect(answer.body.contains("the container engine is starting"))
        #expect(answer.body.contains("id=\"new-workspace\""))
    }

    @Test func hostileTextIsEscaped() async throws {
        let fixture = Fixture()
        let hostile = "https://x.example/<script>alert(1)</script>\"'&"
        fixture.backend.state.withLock {
            $0.workspaces = [.sample(id: "ws1", contextURL: hostile, phase: "failed", failure: "<img src=x>")]
            $0.variables = [
                EnvironmentVariable(
                    id: "e1", userID: "u1", name: "<b>NAME\"", value: "<secret>", repositoryPattern: "o/<i>")
            ]
        }
        for path in ["/", "/workspaces/ws1", "/settings/variables"] {
            let body = try await fixture.send(path).body
            #expect(!body.contains("<script>alert"), "\(path)")
            #expect(!body.contains("<img src=x>"), "\(path)")
            #expect(!body.contains("<b>NAME"), "\(path)")
            #expect(!body.contains("<secret>"), "\(path): values are never shown")
        }
        #expect(try await fixture.send("/").body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
        let variables = try await fixture.send("/settings/variables").body
        #expect(variables.contains("data-name=\"&lt;b&gt;NAME&quot;\""))
        #expect(variables.contains("••••••••"))
    }

    @Test func theWorkspacePageShowsItsFactsPortsAndLogs() async throws {
        let fixture = Fixture()
        fixture.backend.state.withLock {
            $0.workspaces = [.sample(id: "ws1", contextURL: "https://github.com/ada/project", phase: "building")]
        }
        let body = try await fixture.send("/workspaces/ws1?open=1").body
        #expect(body.contains("<span id=\"phase\" class=\"phase badge phase-building\">building</span>"))
        #expect(body.contains("data-open-ide=\"1\""))
        #expect(body.contains("<pre id=\"logs\""))
        #expect(body.contains("<div id=\"ports-list\">"))
        #expect(body.contains("https://github.com/ada/project.git"))
        #expect(body.contains("0123abcd"))
        #expect(body.contains("http://3000-ws1.localhost:8080"))
        #expect(body.contains("a fresh clone"))
        let missing = try await fixture.send("/workspaces/nope")
        #expect(missing.status == 404)
        #expect(missing.body.contains("You have no workspace nope."))
    }

    @Test func theUsersPageIsForAdministratorsOnly() async throws {
        let fixture = Fixture()
        fixture.backend.state.withLock { $0.users = [DashboardTests.ada, DashboardTests.root] }
        let member = try await fixture.send("/admin/users", cookie: "ada")
        #expect(member.status == 404)
        #expect(!member.body.contains("root"))
        let admin = try await fixture.send("/admin/users", cookie: "root")
        #expect(admin.status == 200)
        #expect(admin.body.contains("<form id=\"new-user\""))
        #expect(admin.body.contains("<tr data-user-id=\"u1\">"))
        #expect(admin.body.contains("data-action=\"set-role\" data-id=\"u1\" data-role=\"admin\""))
        #expect(admin.body.contains("href=\"/admin/users\" aria-current=\"page\""))
        // An administrator cannot demote or delete themselves here.
        #expect(!admin.body.contains("data-id=\"u2\""))
    }

    @Test func theNewWorkspaceFormWithoutScriptShowsTheAPIsErrorNextToTheField() async throws {
        let fixture = Fixture()
        let bad = try await fixture.send(
            "/workspaces", method: .post, form: [("csrf_token", "csrf-ada"), ("url", "not a <url>"), ("image", "")])
        #expect(bad.status == 400)
        #expect(
            bad.body.contains(
                "<p class=\"field-error\" id=\"new-workspace-error\" role=\"alert\">cannot open &#39;not a &lt;url&gt;"
                    + "&#39;: not a URL of a repository</p>"))
        #expect(bad.body.contains("value=\"not a &lt;url&gt;\""), "the URL stays in the field")
        #expect(bad.body.contains("aria-invalid=\"true\""))

        let empty = try await fixture.send(
            "/workspaces", method: .post, form: [("csrf_token", "csrf-ada"), ("url", " ")])
        #expect(empty.status == 400)
        #expect(empty.body.contains("Enter the URL of a repository"))

        let good = try await fixture.send(
            "/workspaces", method: .post,
            form: [("csrf_token", "csrf-ada"), ("url", "https://github.com/ada/project"), ("image", "debian:12")])
        #expect(good.status == 303)
        #expect(good.headers["Location"] == "/workspaces/wsnew")
        #expect(fixture.backend.state.withLock { $0.created.last?.image } == "debian:12")
    }

    @Test func theNewWorkspaceFormNeedsTheSessionsCSRFToken() async throws {
        let fixture = Fixture()
        for token in [nil, "csrf-root"] {
            var form = [("url", "https://github.com/ada/project")]
            if let token { form.append(("csrf_token", token)) }
            let answer = try await fixture.send("/workspaces", method: .post, form: form)
            #expect(answer.status == 403)
        }
        #expect(fixture.backend.state.withLock { $0.created.isEmpty })
    }

    @Test func theSettingsPageOffersTheChoicesAndKeepsACustomOne() async throws {
        let fixture = Fixture()
        var body = try await fixture.send("/settings").body
        #expect(body.contains("<form id=\"settings-form\""))
        #expect(body.contains("id=\"timeout-default\" name=\"timeout\" value=\"\" checked"))
        #expect(body.contains("The server&#39;s default (30m)"))
        fixture.backend.state.withLock { $0.settings.chosen = "1h30m" }
        body = try await fixture.send("/settings").body
        #expect(body.contains("value=\"custom\" checked"))
        #expect(body.contains("id=\"custom-timeout\" name=\"customTimeout\" type=\"text\" value=\"1h30m\""))
    }

    @Test func theTokensPageListsTokensWithoutTheirSecrets() async throws {
        let fixture = Fixture()
        #expect(try await fixture.send("/settings/tokens").body.contains("No tokens yet"))
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        fixture.backend.state.withLock {
            $0.tokens = [
                AccessToken(
                    id: "t1", userID: "u1", name: "laptop", hash: "HASH", createdAt: created,
                    expiresAt: created + 86400 * 30, lastUsedAt: nil)
            ]
        }
        let body = try await fixture.send("/settings/tokens").body
        #expect(body.contains("<tr data-token-id=\"t1\"><td data-label=\"Name\">laptop</td>"))
        #expect(body.contains("2027-02-14"))
        #expect(body.contains("never"))
        #expect(!body.contains("HASH"))
        #expect(body.contains("id=\"token-secret\""))
    }

    @Test func assetsAreServedByTheirHashWithAYearsCache() async throws {
        let fixture = Fixture()
        let assets = DashboardAssets.shared
        let page = try await fixture.send("/").body
        for asset in [assets.styleSheet, assets.script] {
            #expect(asset.path.hasPrefix("/_dashboard/"))
            #expect(asset.hash.count == 16)
            #expect(page.contains("\"\(asset.path)\""))
            let answer = try await fixture.send(asset.path, cookie: nil)
            #expect(answer.status == 200)
            #expect(answer.headers["Cache-Control"] == "public, max-age=31536000, immutable")
            #expect(answer.body.utf8.count == asset.bytes.count)
            let stale = try await fixture.send("/_dashboard/0000000000000000/\(asset.name)", cookie: nil)
            #expect(stale.status == 404)
            #expect(stale.headers["Cache-Control"] == "no-store")
        }
        #expect(try await fixture.send("/_dashboard/\(assets.script.hash)/other.js", cookie: nil).status == 404)
        #expect(
            try await fixture.send(assets.script.path, cookie: nil).headers["Content-Type"]?.hasPrefix(
                "text/javascript") == true)
    }

    @Test(arguments: zip([5.0, 61, 7509, -3], ["5s", "1m 1s", "2h 5m", "0s"]))
    func durationsReadAsTheScriptWritesThem(_ seconds: Double, _ text: String) {
        #expect(WorkspacePages.duration(seconds) == text)
    }
}
