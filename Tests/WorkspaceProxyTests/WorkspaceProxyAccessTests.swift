import Foundation
import HTTP
import TestSupport
import Testing
import WorkspaceProxy

/// Who may reach which workspace host, through the real proxy, supervisor and store.
@Suite struct WorkspaceProxyAccessTests {
    @Test func theOwnerReachesAPrivatePortAndTheIDEWithAToken() async throws {
        try await ProxyFixture.with { fixture in
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(fixture.adaToken)"]
            let port = try await fixture.request(host: fixture.portHost(fixture.privatePort), "/", headers: bearer)
            #expect(port.status == 200)
            #expect(port.body == "hello from \(fixture.privatePort)")
            let ide = try await fixture.request(host: fixture.ideHost(), "/status", headers: bearer)
            #expect(ide.status == 200)
            #expect(ide.body.contains("\"ready\""))
            let events = try await fixture.request(
                host: fixture.portHost(fixture.privatePort), "/events", headers: bearer)
            #expect(events.body == "data: event 0\n\ndata: event 1\n\ndata: event 2\n\n")
        }
    }

    @Test func anonymousAPIClientsGet401AndBrowsersARedirectToTheCodeFlow() async throws {
        try await ProxyFixture.with { fixture in
            let host = fixture.portHost(fixture.privatePort)
            let api = try await fixture.request(host: host, "/data?x=1", headers: ["Accept": "application/json"])
            #expect(api.status == 401)
            #expect(api.headers["WWW-Authenticate"] == "Bearer")
            #expect(api.body.contains("\"unauthenticated\""))
            let browser = try await fixture.request(host: host, "/data?x=1", headers: ["Accept": "text/html"])
            #expect(browser.status == 302)
            let expected =
                "http://\(fixture.dashboardHost)/auth/workspace?host=\(host.replacingOccurrences(of: ":", with: "%3A"))"
                + "&returnTo=/data%3Fx%3D1"
            #expect(browser.headers["Location"] == expected)
            let ide = try await fixture.request(host: fixture.ideHost(), "/status")
            #expect(ide.status == 401)
        }
    }

    @Test func anotherUserGets403AndAnInvalidTokenGets401() async throws {
        try await ProxyFixture.with { fixture in
            let host = fixture.portHost(fixture.privatePort)
            let bob = try await fixture.request(
                host: host, "/", headers: ["Authorization": "Bearer \(fixture.bobToken)"])
            #expect(bob.status == 403)
            #expect(bob.body.contains("another user"))
            let ide = try await fixture.request(
                host: fixture.ideHost(), "/status", headers: ["Authorization": "Bearer \(fixture.bobToken)"])
            #expect(ide.status == 403)
            let forged = "swp_" + String(repeating: "0", count: 64)
            let invalid = try await fixture.request(host: host, "/", headers: ["Authorization": "Bearer \(forged)"])
            #expect(invalid.status == 401)
        }
    }

    @Test func aPublicPortIsOpenToAnyoneAndOnlyThatPort() async throws {
        try await ProxyFixture.with { fixture in
            let open = try await fixture.request(host: fixture.portHost(fixture.publicPort), "/")
            #expect(open.status == 200)
            #expect(open.body == "hello from \(fixture.publicPort)")
            let bob = try await fixture.request(
                host: fixture.portHost(fixture.publicPort), "/",
                headers: ["Authorization": "Bearer \(fixture.bobToken)"])
            #expect(bob.status == 200)
            #expect(try await fixture.request(host: fixture.portHost(fixture.privatePort), "/").status == 401)
            let sibling = try await fixture.request(
                host: fixture.portHost(fixture.publicPort, ProxyFixture.siblingID), "/")
            #expect(sibling.status == 401)
            let tunnel = try await fixture.request(
                host: fixture.portHost(fixture.publicPort), "127.0.0.1:\(fixture.privatePort)", method: .connect)
            #expect(tunnel.status == 405)
        }
    }

    @Test func unknownStoppedAndMalformedHostsAnswer404() async throws {
        try await ProxyFixture.with { fixture in
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(fixture.adaToken)", "Accept": "application/json"]
            let unknown = try await fixture.request(host: fixture.ideHost("nosuchws"), "/", headers: bearer)
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("there is no workspace 'nosuchws'"))
            let stopped = try await fixture.request(
                host: fixture.portHost(3000, ProxyFixture.stoppedID), "/", headers: bearer)
            #expect(stopped.status == 404)
            #expect(stopped.body.contains("is not running"))
            let page = try await fixture.request(
                host: fixture.ideHost(ProxyFixture.stoppedID), "/",
                headers: ["Authorization": "Bearer \(fixture.adaToken)", "Accept": "text/html"])
            #expect(page.status == 404)
            #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.body.contains("<h1>404 Not Found</h1>"))
            for host in ["a.b.localhost:\(fixture.port)", "0-wsone.localhost:\(fixture.port)", "wsone.localhost:1"] {
                #expect(try await fixture.request(host: host, "/", headers: bearer).status == 404)
            }
            let dashboard = try await fixture.request(host: fixture.dashboardHost, "/", headers: bearer)
            #expect(dashboard.body == "dashboard for ada")
        }
    }
}
