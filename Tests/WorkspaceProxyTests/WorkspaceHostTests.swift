import Auth
import Foundation
import HTTP
import Synchronization
import Testing
import WorkspaceProxy

@Suite struct WorkspaceHostTests {
    static func base() throws -> PublicURL { try PublicURL(parsing: "http://localhost:8080") }

    @Test(arguments: [
        ("localhost:8080", WorkspaceHost.dashboard),
        ("LOCALHOST:8080", .dashboard),
        ("localhost.:8080", .dashboard),
        ("localhost:9999", .dashboard),
        ("abc123.localhost:8080", .ide(workspaceID: "abc123")),
        ("ABC123.LocalHost.:8080", .ide(workspaceID: "abc123")),
        ("3000-abc123.localhost:8080", .port(3000, workspaceID: "abc123")),
        ("65535-a.localhost:8080", .port(65535, workspaceID: "a")),
        ("127.0.0.1:8080", .foreign),
        ("evil.com", .foreign),
        ("abc.localhost.evil.com:8080", .foreign),
        ("notlocalhost:8080", .foreign),
        ("", .foreign),
        ("[::1]:8080", .foreign),
        ("abc.localhost:8080:8080", .foreign),
        ("abc.localhost:08080", .foreign),
        ("3000-.localhost:8080", .foreign),
    ])
    func readsHostHeaders(header: String, expected: WorkspaceHost) throws {
        #expect(WorkspaceHost(hostHeader: header, publicURL: try Self.base()) == expected)
    }

    @Test(arguments: [
        "abc.localhost", "abc.localhost:9999", "a.b.localhost:8080", "0-abc.localhost:8080",
        "03000-abc.localhost:8080", "70000-abc.localhost:8080", "3000-9abc.localhost:8080", "1abc.localhost:8080",
        "3000--abc.localhost:8080", "abc-3000.localhost:8080",
    ])
    func refusesMalformedWorkspaceHosts(header: String) throws {
        guard case .invalid = WorkspaceHost(hostHeader: header, publicURL: try Self.base()) else {
            Issue.record("'\(header)' should be an invalid workspace host")
            return
        }
    }

    @Test func readsPublicURLs() throws {
        let secure = try PublicURL(parsing: "HTTPS://Swiftpod.Example.com/")
        #expect(secure.origin == "https://swiftpod.example.com")
        #expect(secure.port == 443)
        #expect(secure.ideHost(workspaceID: "ws") == "ws.swiftpod.example.com")
        #expect(try Self.base().origin(forHost: "3000-ws.localhost") == "http://3000-ws.localhost:8080")
        for bad in ["ftp://x", "http://", "http://a/path", "http://user@host", "http://host:0", "http://ho_st"] {
            #expect(throws: WorkspaceProxyError.self) { try PublicURL(parsing: bad) }
        }
    }

    @Test(arguments: ["/", "/a/b?c=d&e=%2F", "/index.html#top", "/%41"])
    func acceptsReturnPaths(path: String) {
        #expect(ReturnPath.validated(path) == path)
    }

    @Test(arguments: [
        "", "evil.com", "//evil.com", "/\\evil.com", "\\\\evil.com", "/%2F/evil.com", "/%5Cevil.com",
        "/a%0d%0aSet-Cookie:x=1", "/a%0AX", "/a\r\nX", "/a b", "http://evil.com", "/%zz", "/é",
    ])
    func refusesReturnPathsThatLeaveTheHost(path: String) {
        #expect(ReturnPath.validated(path) == nil)
    }

    @Test func stripsPlatformCookiesAndAuthorizationOnly() {
        let headers: HTTPHeaders = [
            "Cookie": "swiftpod_session=s1; app=1", "Authorization": "Bearer swp_x",
            "cookie": "__Host-swiftpod_workspace=w; theme=dark", "Accept": "*/*",
        ]
        let names: Set = ["swiftpod_session", "__Host-swiftpod_workspace", "swiftpod_workspace"]
        let stripped = WorkspaceRequestFilter.strippingCredentials(headers, cookieNames: names)
        #expect(stripped.values("Cookie") == ["app=1; theme=dark"])
        #expect(stripped["Authorization"] == nil)
        #expect(stripped["Accept"] == "*/*")
        let none = WorkspaceRequestFilter.strippingCredentials(["Cookie": "swiftpod_session=s"], cookieNames: names)
        #expect(!none.contains("Cookie"))
    }

    @Test func dropsSetCookieWithADomainOrAPlatformName() {
        let headers: HTTPHeaders = [
            "Set-Cookie": "a=1; Path=/", "Set-Cookie": "b=2; Path=/; domain=.localhost",
            "Set-Cookie": "c=3;Domain = localhost", "Set-Cookie": "swiftpod_session=x; Path=/",
            "Set-Cookie": "d=4; Path=/domain", "Content-Type": "text/plain",
        ]
        let filtered = WorkspaceRequestFilter.filteringSetCookie(headers, cookieNames: ["swiftpod_session"])
        #expect(filtered.values("Set-Cookie") == ["a=1; Path=/", "d=4; Path=/domain"])
        #expect(filtered["Content-Type"] == "text/plain")
    }

    @Test func checksOrigins() {
        let allowed = ["http://ws.localhost:8080", "http://localhost:8080"]
        let check = { (headers: HTTPHeaders) in WorkspaceRequestFilter.originAllowed(headers, allowedOrigins: allowed) }
        #expect(check(["Origin": "http://ws.localhost:8080"]))
        #expect(check(["Origin": "HTTP://LOCALHOST:8080"]))
        #expect(!check(["Origin": "http://evil.com"]))
        #expect(!check(["Origin": "http://3000-ws.localhost:8080"]))
        #expect(!check(["Origin": "http://other.localhost:8080"]))
        #expect(!check(["Origin": "null"]))
        #expect(!check(["Origin": "http://ws.localhost:8080", "origin": "http://evil.com"]))
        #expect(!check(["Cookie": "swiftpod_workspace=x"]))
        #expect(check(["Authorization": "Bearer swp_x"]))
    }

    @Test func codesAreSingleUseBoundToTheirHostAndExpire() {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let grants = WorkspaceHostGrants(clock: WallClock { now.withLock { $0 } })
        let code = grants.mintCode(userID: "u", sessionID: "s", host: "ws.localhost")
        #expect(grants.redeem(code: code, host: "other.localhost") == nil)
        let again = grants.mintCode(userID: "u", sessionID: "s", host: "ws.localhost")
        let redeemed = grants.redeem(code: again, host: "ws.localhost")
        #expect(redeemed?.grant.userID == "u")
        #expect(grants.redeem(code: again, host: "ws.localhost") == nil)
        let cookie = redeemed?.cookieValue ?? ""
        #expect(grants.grant(cookieValue: cookie, host: "ws.localhost")?.sessionID == "s")
        #expect(grants.grant(cookieValue: cookie, host: "3000-ws.localhost") == nil)
        let late = grants.mintCode(userID: "u", sessionID: "s", host: "ws.localhost")
        now.withLock { $0 = $0.addingTimeInterval(61) }
        #expect(grants.redeem(code: late, host: "ws.localhost") == nil)
        grants.revoke(sessionID: "s")
        #expect(grants.grant(cookieValue: cookie, host: "ws.localhost") == nil)
    }

    /// The host cookie carries its grant, signed: a server with the same key (after a restart) accepts it, and
    /// nothing else passes: another key, a changed byte, another host, a late cookie, or text that is no cookie.
    @Test func hostCookiesAreSignedAndOutliveARestartWithTheirKey() throws {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let clock = WallClock { now.withLock { $0 } }
        let key = [UInt8](repeating: 7, count: 32)
        let first = WorkspaceHostGrants(signingKey: key, clock: clock)
        let code = first.mintCode(userID: "u1", sessionID: "s1", host: "ws.localhost")
        let cookie = try #require(first.redeem(code: code, host: "ws.localhost")?.cookieValue)
        #expect(cookie.allSatisfy { $0.isHexDigit || $0 == "." })

        let restarted = WorkspaceHostGrants(signingKey: key, clock: clock)
        let grant = try #require(restarted.grant(cookieValue: cookie, host: "ws.localhost"))
        #expect(grant.userID == "u1" && grant.sessionID == "s1" && grant.host == "ws.localhost")
        #expect(restarted.grant(cookieValue: cookie, host: "other.localhost") == nil)
        #expect(
            WorkspaceHostGrants(signingKey: [UInt8](repeating: 8, count: 32), clock: clock)
                .grant(cookieValue: cookie, host: "ws.localhost") == nil)

        // Any changed digit, in the grant or in its signature, and the cookie is refused.
        for index in [0, 10, cookie.utf8.count - 1] {
            var bytes = Array(cookie.utf8)
            bytes[index] = bytes[index] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            #expect(restarted.grant(cookieValue: String(decoding: bytes, as: UTF8.self), host: "ws.localhost") == nil)
        }
        for text in ["", ".", "zz.zz", "abc", cookie + ".00", String(repeating: "a", count: 5000) + ".00"] {
            #expect(restarted.grant(cookieValue: text, host: "ws.localhost") == nil, "\(text.prefix(20))")
        }

        now.withLock { $0 = $0.addingTimeInterval(restarted.grantLifetime + 1) }
        #expect(restarted.grant(cookieValue: cookie, host: "ws.localhost") == nil)
    }
}
