import Foundation
import HTTP
import TestSupport
import Testing
import WebSocket
import WorkspaceProxy

/// What the proxy keeps from crossing between the platform and workspaces, and between workspaces.
@Suite struct WorkspaceProxySecurityTests {
    @Test func platformCookiesAndAuthorizationNeverReachTheWorkspace() async throws {
        try await ProxyFixture.with { fixture in
            let answer = try await fixture.request(
                host: fixture.portHost(fixture.privatePort), "/headers",
                headers: [
                    "Authorization": "Bearer \(fixture.adaToken)",
                    "Cookie": "swiftpod_session=abc; app=kept; swiftpod_workspace=def; __Host-swiftpod_session=x",
                ])
            #expect(answer.status == 200)
            let received = try #require(
                try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [[String]])
            let names = received.map { $0[0].lowercased() }
            #expect(!names.contains("authorization"))
            #expect(received.filter { $0[0].lowercased() == "cookie" }.map { $0[1] } == ["app=kept"])
            #expect(!answer.body.contains(fixture.adaToken))
        }
    }

    @Test func aWorkspaceCannotSetACookieWithADomain() async throws {
        try await ProxyFixture.with { fixture in
            let answer = try await fixture.request(
                host: fixture.portHost(fixture.publicPort), "/set-cookie")
            #expect(answer.status == 200)
            #expect(answer.headers.values("Set-Cookie") == ["app=1; Path=/; HttpOnly"])
        }
    }

    @Test func webSocketUpgradesNeedTheirOwnHostOrTheDashboardAsOrigin() async throws {
        try await ProxyFixture.with { fixture in
            let host = fixture.portHost(fixture.webSocketPort)
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(fixture.adaToken)"]
            let refused: [String?] = [
                "http://evil.example", "http://\(fixture.ideHost(ProxyFixture.siblingID))",
                "http://\(fixture.portHost(fixture.privatePort))", "null", "https://\(host)",
            ]
            for origin in refused {
                let result = try await fixture.webSocket(host: host, origin: origin, headers: bearer)
                #expect(throws: WebSocketRefusal(status: 403), "Origin \(origin ?? "none")") { try result.get() }
            }
            let noOriginWithCookie = try await fixture.webSocket(
                host: host, origin: nil, headers: ["Cookie": "swiftpod_workspace=x"])
            #expect(throws: WebSocketRefusal(status: 403)) { try noOriginWithCookie.get() }
            for origin in ["http://\(host)", "http://\(fixture.dashboardHost)"] {
                let connection = try await fixture.webSocket(host: host, origin: origin, headers: bearer).get()
                try await connection.send(text: "hello through \(origin)")
                #expect(try await connection.receive() == .text("hello through \(origin)"))
                await connection.close()
            }
            let anonymous = try await fixture.webSocket(host: host, origin: "http://\(host)")
            #expect(throws: WebSocketRefusal(status: 401)) { try anonymous.get() }
        }
    }

    @Test func crossOriginStateChangingRequestsToTheIDEAreRefused() async throws {
        try await ProxyFixture.with { fixture in
            let answer = try await fixture.request(
                host: fixture.ideHost(), "/activity", method: .post,
                headers: [
                    "Authorization": "Bearer \(fixture.adaToken)",
                    "Origin": "http://\(fixture.portHost(fixture.privatePort))",
                ])
            #expect(answer.status == 403)
        }
    }

    @Test func aBrowserSignsInThroughTheCodeRedirectWithAHostOnlyCookie() async throws {
        try await ProxyFixture.with { fixture in
            let jar = try await fixture.sessionJar(for: fixture.ada)
            let host = fixture.portHost(fixture.privatePort)
            let result = try await fixture.curl("http://\(host)/", jar: jar, extra: ["-w", "\n%{url_effective}"])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput == "hello from \(fixture.privatePort)\nhttp://\(host)/")
            let cookies = try String(contentsOfFile: jar, encoding: .utf8).split(separator: "\n")
            let workspaceCookie = try #require(cookies.first { $0.contains("\tswiftpod_workspace\t") })
            let fields = workspaceCookie.split(separator: "\t")
            // Host-only (no Domain), HttpOnly, for this one workspace host.
            #expect(fields[0] == "#HttpOnly_\(host.split(separator: ":")[0])")
            #expect(fields[1] == "FALSE")
            // The cookie works on its own host and on no other.
            let headers = try await fixture.curl("http://\(host)/headers", jar: jar)
            #expect(headers.standardOutput.contains("\"Host\""))
            #expect(!headers.standardOutput.contains("swiftpod_workspace"))
            let cookieValue = String(fields[6])
            let elsewhere = try await fixture.request(
                host: fixture.ideHost(), "/status", headers: ["Cookie": "swiftpod_workspace=\(cookieValue)"])
            #expect(elsewhere.status == 401)
            let here = try await fixture.request(
                host: host, "/", headers: ["Cookie": "swiftpod_workspace=\(cookieValue)"])
            #expect(here.status == 200)
            // Signing out of the dashboard ends the workspace host's access too.
            try await fixture.sessions.revokeAll(userID: fixture.ada.id)
            let signedOut = try await fixture.request(
                host: host, "/", headers: ["Cookie": "swiftpod_workspace=\(cookieValue)"])
            #expect(signedOut.status == 401)
        }
    }

    @Test func anotherUsersSessionIsSentBackWith403() async throws {
        try await ProxyFixture.with { fixture in
            let jar = try await fixture.sessionJar(for: fixture.bob)
            let result = try await fixture.curl(
                "http://\(fixture.portHost(fixture.privatePort))/", jar: jar, extra: ["-w", "\n%{http_code}"])
            #expect(result.standardOutput.hasSuffix("\n403"))
        }
    }

    @Test func withoutASessionTheBrowserIsSentToSignIn() async throws {
        try await ProxyFixture.with { fixture in
            let jar = fixture.directory.path + "/empty-jar"
            let result = try await fixture.curl("http://\(fixture.ideHost())/status", jar: jar)
            #expect(result.standardOutput.hasPrefix("sign in, then go to /auth/workspace?host="))
            #expect(result.standardOutput.hasSuffix("&returnTo=/status"))
        }
    }

    @Test(arguments: [
        "//evil.example/", "/\\evil.example", "%2F%2Fevil.example", "/%0d%0aSet-Cookie:%20x=1", "http://evil.example",
        "/%5Cevil.example",
    ])
    func openRedirectsAreRefused(returnTo: String) async throws {
        try await ProxyFixture.with { fixture in
            let jar = try await fixture.sessionJar(for: fixture.ada)
            let host = fixture.portHost(fixture.privatePort)
            let encoded = returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let mint = try await fixture.curl(
                "http://\(fixture.dashboardHost)/auth/workspace?host=\(host)&returnTo=\(encoded)", jar: jar,
                extra: ["-w", "\n%{http_code}"])
            #expect(mint.standardOutput.hasSuffix("\n400"))
            let code = try #require(try await mintCode(fixture, jar: jar, host: host))
            let exchange = try await fixture.request(
                host: host, "/.swiftpod/auth?code=\(code)&returnTo=\(encoded)")
            #expect(exchange.status == 400)
            #expect(exchange.headers["Location"] == nil)
        }
    }

    @Test(arguments: ["wsone.localhost.evil.example", "evil.example", "localhost", "wsone.localhost:1"])
    func codesAreMintedForOurWorkspaceHostsOnly(host: String) async throws {
        try await ProxyFixture.with { fixture in
            let jar = try await fixture.sessionJar(for: fixture.ada)
            let target = host.contains(":") ? host : "\(host):\(fixture.port)"
            let result = try await fixture.curl(
                "http://\(fixture.dashboardHost)/auth/workspace?host=\(target)&returnTo=/", jar: jar,
                extra: ["-w", "\n%{http_code}"])
            #expect(result.standardOutput.hasSuffix("\n400"))
        }
    }

    @Test func aCodeWorksOnceOnItsOwnHost() async throws {
        try await ProxyFixture.with { fixture in
            let jar = try await fixture.sessionJar(for: fixture.ada)
            let host = fixture.portHost(fixture.privatePort)
            let code = try #require(try await mintCode(fixture, jar: jar, host: host))
            let sibling = try await fixture.request(host: fixture.ideHost(), "/.swiftpod/auth?code=\(code)&returnTo=/")
            #expect(sibling.status == 403)
            let other = try #require(try await mintCode(fixture, jar: jar, host: host))
            let first = try await fixture.request(host: host, "/.swiftpod/auth?code=\(other)&returnTo=/headers")
            #expect(first.status == 302)
            #expect(first.headers["Location"] == "/headers")
            let setCookie = try #require(first.headers["Set-Cookie"])
            #expect(setCookie.hasPrefix("swiftpod_workspace="))
            #expect(setCookie.hasSuffix("; Path=/; HttpOnly; SameSite=Lax"))
            let again = try await fixture.request(host: host, "/.swiftpod/auth?code=\(other)&returnTo=/headers")
            #expect(again.status == 403)
            #expect(again.headers["Set-Cookie"] == nil)
        }
    }

    /// Mints a code through the dashboard host with the session in `jar`, without following the redirect.
    private func mintCode(_ fixture: ProxyFixture, jar: String, host: String) async throws -> String? {
        let result = try await runProcess(
            "curl",
            [
                "-sS", "-o", "/dev/null", "-w", "%{redirect_url}", "-b", jar, "--resolve",
                "\(fixture.dashboardHost):127.0.0.1", "--",
                "http://\(fixture.dashboardHost)/auth/workspace?host=\(host)&returnTo=/",
            ])
        guard let range = result.standardOutput.range(of: "code=") else { return nil }
        return String(result.standardOutput[range.upperBound...].prefix(64))
    }
}
