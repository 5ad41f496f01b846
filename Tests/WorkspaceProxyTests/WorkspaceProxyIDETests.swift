import HTTP
import IDEAssets
import TestSupport
import Testing
import WorkspaceProxy

/// The IDE page and its files on the IDE host: the server's own answers, for the owner only.
@Suite struct WorkspaceProxyIDETests {
    static func assets() throws -> IDEAssetServer {
        let directory = try #require(IDEAssetServer.bundledAssetsDirectory)
        return try IDEAssetServer(sources: IDEAssetServer.Sources(ownAssets: directory))
    }

    @Test func theOwnerGetsThePageAndItsFiles() async throws {
        let assets = try Self.assets()
        try await ProxyFixture.with(ideAssets: assets) { fixture in
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(fixture.adaToken)", "Accept": "text/html"]
            let page = try await fixture.request(host: fixture.ideHost(), "/", headers: bearer)
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.headers["Cache-Control"] == "no-store")
            #expect(page.body.contains("/_ide/\(assets.version)/ide.js"))
            #expect(page.body.contains("id=\"file-tree\""))
            let policy = try #require(page.headers["Content-Security-Policy"])
            #expect(policy.contains("script-src 'self';"))
            #expect(policy.contains("connect-src 'self' ws://\(fixture.ideHost())"))
            #expect(policy.contains("frame-src http://*.localhost:\(fixture.port) http://localhost:\(fixture.port);"))

            let head = try await fixture.request(host: fixture.ideHost(), "/", method: .head, headers: bearer)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)

            let script = try await fixture.request(
                host: fixture.ideHost(), "/_ide/\(assets.version)/ide.js", headers: bearer)
            #expect(script.status == 200)
            #expect(script.headers["Content-Type"] == "text/javascript; charset=utf-8")
            #expect(script.headers["Cache-Control"] == "public, max-age=31536000, immutable")
            #expect(script.body.contains("window.swiftpodIDE"))

            let outside = try await fixture.request(
                host: fixture.ideHost(), "/_ide/\(assets.version)/%2e%2e/%2e%2e/Package.swift", headers: bearer)
            #expect(outside.status == 404)
        }
    }

    @Test func anonymousCallersAndOtherUsersGetNoIDE() async throws {
        let assets = try Self.assets()
        try await ProxyFixture.with(ideAssets: assets) { fixture in
            let host = fixture.ideHost()
            for path in ["/", "/_ide/\(assets.version)/ide.js"] {
                let api = try await fixture.request(host: host, path, headers: ["Accept": "application/json"])
                #expect(api.status == 401, "\(path)")
                #expect(!api.body.contains("swiftpodIDE"))
                let browser = try await fixture.request(host: host, path, headers: ["Accept": "text/html"])
                #expect(browser.status == 302, "\(path)")
                #expect(browser.headers["Location"]?.contains("/auth/workspace?host=") == true)
                let bob = try await fixture.request(
                    host: host, path, headers: ["Authorization": "Bearer \(fixture.bobToken)"])
                #expect(bob.status == 403, "\(path)")
                #expect(!bob.body.contains("swiftpodIDE"))
            }
            let stopped = try await fixture.request(
                host: fixture.ideHost(ProxyFixture.stoppedID), "/",
                headers: ["Authorization": "Bearer \(fixture.adaToken)"])
            #expect(stopped.status == 404)
            #expect(stopped.body.contains("is not running"))
        }
    }

    @Test func everythingElseStillReachesTheSupervisor() async throws {
        let assets = try Self.assets()
        try await ProxyFixture.with(ideAssets: assets) { fixture in
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(fixture.adaToken)"]
            let status = try await fixture.request(host: fixture.ideHost(), "/status", headers: bearer)
            #expect(status.status == 200)
            #expect(status.body.contains("\"ready\""))
            let tasks = try await fixture.request(host: fixture.ideHost(), "/tasks", headers: bearer)
            #expect(tasks.status == 200)
            #expect(tasks.body.contains("\"private\""))
            // The supervisor has no route for POST /: its answer, not the page.
            let post = try await fixture.request(host: fixture.ideHost(), "/", method: .post, headers: bearer)
            #expect(post.status != 200)
            #expect(!post.body.contains("swiftpodIDE"))
            // A port host's / is the workspace's own server.
            let port = try await fixture.request(host: fixture.portHost(fixture.privatePort), "/", headers: bearer)
            #expect(port.body == "hello from \(fixture.privatePort)")
            let portAssets = try await fixture.request(
                host: fixture.portHost(fixture.privatePort), "/_ide/\(assets.version)/ide.js", headers: bearer)
            #expect(!portAssets.body.contains("swiftpodIDE"))
        }
    }
}
