import HTTP
import Testing

@testable import Auth

@Suite struct SessionCookieTests {
    @Test func rendersAPlainCookieOverHTTP() {
        let cookie = SessionCookie(publicURL: "http://localhost:8080")
        #expect(cookie.name == "swiftpod_session")
        #expect(
            cookie.setCookie(value: "abc", maxAge: 604_800)
                == "swiftpod_session=abc; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax")
    }

    @Test func rendersASecureHostCookieOverHTTPS() {
        let cookie = SessionCookie(publicURL: "HTTPS://pod.example.com")
        #expect(cookie.name == "__Host-swiftpod_session")
        let header = cookie.setCookie(value: "abc", maxAge: 60)
        #expect(header == "__Host-swiftpod_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure")
        #expect(!header.contains("Domain"))
    }

    @Test func clearsTheCookie() {
        #expect(
            SessionCookie(secure: true).clearingCookie()
                == "__Host-swiftpod_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure")
        #expect(SessionCookie(secure: false).setCookie(value: "x", maxAge: -5).contains("Max-Age=0"))
    }

    @Test(arguments: [
        ("swiftpod_session=abc", ["abc"]),
        ("a=1; swiftpod_session=abc; b=2", ["abc"]),
        ("a=1;swiftpod_session=abc;b=2", ["abc"]),
        ("  swiftpod_session = abc  ;", ["abc"]),
        ("swiftpod_session=\"abc\"", ["abc"]),
        ("swiftpod_session=\"", ["\""]),
        ("swiftpod_session=", [""]),
        ("swiftpod_session=a=b", ["a=b"]),
        ("junk; ;;=x; swiftpod_session=abc", ["abc"]),
        ("swiftpod_session=old; swiftpod_session=new", ["old", "new"]),
        ("Swiftpod_Session=abc; swiftpod_sessionx=def; xswiftpod_session=ghi", []),
        ("__Host-swiftpod_session=abc", []),
        ("", []),
        (";;;", []),
    ])
    func readsTheCookieFromACookieHeader(_ header: String, _ expected: [String]) {
        let headers: HTTPHeaders = ["Cookie": header]
        #expect(SessionCookie(secure: false).values(in: headers) == expected)
    }

    @Test func readsSeveralCookieHeaders() {
        let headers = HTTPHeaders([("Cookie", "a=1"), ("Cookie", "__Host-swiftpod_session=abc; b=2")])
        #expect(SessionCookie(secure: true).values(in: headers) == ["abc"])
        #expect(SessionCookie(secure: false).values(in: headers).isEmpty)
        let parsed = CookieHeader.parse(headers.values("Cookie"))
        #expect(parsed.map(\.name) == ["a", "__Host-swiftpod_session", "b"])
    }
}
