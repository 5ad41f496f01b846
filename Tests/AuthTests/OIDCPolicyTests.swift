import Testing

@testable import Auth

@Suite struct OIDCPolicyTests {
    func configuration(domains: [String]) -> OIDCProviderConfiguration {
        OIDCProviderConfiguration(
            issuer: "https://id.example.com", clientID: "swiftpod", clientSecret: "s",
            redirectURL: "http://localhost:8080/auth/oidc/callback", allowedEmailDomains: domains)
    }

    @Test(arguments: [
        ("ada@example.com", true), ("Ada@EXAMPLE.com", true), ("ada@corp.example.org", true),
        ("ada@sub.example.com", false), ("ada@example.com.evil.net", false), ("ada@evilexample.com", false),
        ("a@b@example.com", false), ("@example.com", false), ("ada", false), ("", false),
    ])
    func allowsOnlyListedEmailDomainsExactly(_ email: String, _ allowed: Bool) {
        #expect(configuration(domains: ["example.com", "Corp.Example.org"]).allowsEmail(email) == allowed)
    }

    @Test func anEmptyAllowlistAllowsAnyEmail() {
        #expect(configuration(domains: []).allowsEmail("anyone@anywhere.example"))
    }

    @Test(arguments: ["/", "/workspaces", "/workspaces?new=1&x=%2F", "/a/b#c"])
    func acceptsLocalReturnPaths(_ path: String) throws {
        try OIDCLogin.checkReturnTo(path)
    }

    @Test(arguments: [
        "", "workspaces", "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
        "javascript:alert(1)", "/a b", "/a\nb", "/\u{7F}",
    ])
    func refusesOpenRedirects(_ path: String) {
        #expect(throws: AuthError.self) { try OIDCLogin.checkReturnTo(path) }
    }

    @Test(arguments: [
        ("ada", "ada@example.com", "ada"), (nil, "grace.hopper@example.com", "grace.hopper"),
        ("Ada Lovelace", "", "Ada-Lovelace"), ("_x", "", "x"), ("Ünïcode", "q@example.com", "n-code"),
        (nil, "", "user"), ("----", "", "user"),
        (String(repeating: "a", count: 60), "", String(repeating: "a", count: 39)),
    ])
    func derivesAValidUsername(_ preferred: String?, _ email: String, _ expected: String) throws {
        let name = OIDCLogin.usernameBase(preferredUsername: preferred, email: email)
        #expect(name == expected)
        try UserAccounts.checkUsername(name)
    }

    @Test func refusesABadConfiguration() {
        var bad = configuration(domains: [])
        bad.issuer = "id.example.com"
        #expect(throws: AuthError.self) { try bad.validate() }
        bad = configuration(domains: ["@example.com"])
        #expect(throws: AuthError.self) { try bad.validate() }
        bad = configuration(domains: [])
        bad.clientID = ""
        #expect(throws: AuthError.self) { try bad.validate() }
    }

    @Test func encodesAndDecodesFormParameters() {
        let encoded = URLEncodedForm.encode([
            ("redirect_uri", "http://h:1/cb?x=1"), ("scope", "openid email"), ("é", "~"),
        ])
        #expect(encoded == "redirect_uri=http%3A%2F%2Fh%3A1%2Fcb%3Fx%3D1&scope=openid%20email&%C3%A9=~")
        let decoded = URLEncodedForm.decode("code=a%2Bb&state=x+y&state=second&flag&bad=%zz")
        #expect(decoded == ["code": "a+b", "state": "x y", "flag": "", "bad": "%zz"])
    }
}
