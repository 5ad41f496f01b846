import Basics
import HTTP
import HTTPServer
import Store
import Testing

@testable import Auth

@Suite struct AuthenticatorTests {
    func request(_ method: HTTPMethod = .get, headers: HTTPHeaders = [:], body: String? = nil) -> HTTPRequest {
        HTTPRequest(
            head: HTTPRequestHead(method: method, target: "/api/v1/things", headers: headers),
            body: body.map { .bytes(ByteBuffer(string: $0)) } ?? .empty)
    }

    @Test func authenticatesABearerToken() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let token = try await fixture.accessTokens.create(userID: user.id, name: "ci", lifetime: .never).token
        let principal = try await fixture.authenticator().authenticate(
            request(headers: ["Authorization": "Bearer \(token)"]))
        #expect(principal?.user.id == user.id)
        #expect(principal?.csrfToken == nil)
        guard case .accessToken(let record)? = principal?.method else {
            Issue.record("expected token authentication")
            return
        }
        #expect(record.name == "ci")
        let lowercase = try await fixture.authenticator().authenticate(
            request(headers: ["Authorization": "bearer  \(token) "]))
        #expect(lowercase?.user.id == user.id)
    }

    @Test(arguments: [
        "Bearer swp_" + String(repeating: "0", count: 64), "Bearer", "Basic YWRhOnB3", "Bearer not-a-token", "",
    ])
    func refusesABadAuthorizationHeaderEvenWithAValidSession(_ authorization: String) async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let session = try await fixture.sessions.create(userID: user.id)
        let error = await authError {
            _ = try await fixture.authenticator().authenticate(
                request(headers: ["Authorization": authorization, "Cookie": "swiftpod_session=\(session.cookieValue)"])
            )
        }
        #expect(error?.code == .unauthenticated)
        #expect(error?.httpError.status == .unauthorized)
    }

    @Test func authenticatesASessionCookie() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let session = try await fixture.sessions.create(userID: user.id)
        let principal = try await fixture.authenticator().authenticate(
            request(headers: ["Cookie": "theme=dark; swiftpod_session=\(session.cookieValue)"]))
        #expect(principal?.user.id == user.id)
        #expect(principal?.csrfToken == session.session.csrfToken)
    }

    @Test func usesTheSecureCookieNameUnderHTTPS() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let session = try await fixture.sessions.create(userID: user.id)
        let plain = request(headers: ["Cookie": "swiftpod_session=\(session.cookieValue)"])
        let prefixed = request(headers: ["Cookie": "__Host-swiftpod_session=\(session.cookieValue)"])
        #expect(try await fixture.authenticator(secure: true).authenticate(plain) == nil)
        #expect(try await fixture.authenticator(secure: true).authenticate(prefixed)?.user.id == user.id)
    }

    @Test func skipsAStaleCookieForAValidOne() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let stale = try await fixture.sessions.create(userID: user.id)
        try await fixture.sessions.revoke(cookieValue: stale.cookieValue)
        let valid = try await fixture.sessions.create(userID: user.id)
        let cookie =
            "swiftpod_session=\(stale.cookieValue); swiftpod_session=junk; swiftpod_session=\(valid.cookieValue)"
        let principal = try await fixture.authenticator().authenticate(request(headers: ["Cookie": cookie]))
        #expect(principal?.csrfToken == valid.session.csrfToken)
    }

    @Test func anonymousRequestsHaveNoPrincipal() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let session = try await fixture.sessions.create(userID: user.id)
        try await fixture.sessions.revoke(cookieValue: session.cookieValue)
        #expect(try await fixture.authenticator().authenticate(request()) == nil)
        #expect(
            try await fixture.authenticator().authenticate(request(headers: ["Cookie": "swiftpod_session=x"])) == nil)
        #expect(
            try await fixture.authenticator().authenticate(
                request(headers: ["Cookie": "swiftpod_session=\(session.cookieValue)"])) == nil)
    }

    @Test func rolesAreChecked() async throws {
        let fixture = try await AuthFixture()
        let admin = try await fixture.makeUser("root", role: .admin)
        let member = try await fixture.makeUser("ada")
        var context = RequestContext(logger: .disabled)
        #expect(throws: HTTPError.self) { try context.requirePrincipal() }
        context.principal = Principal(
            user: member, method: .session(try await fixture.sessions.create(userID: member.id).session))
        #expect { try context.requireAdmin() } throws: { ($0 as? HTTPError)?.status == .forbidden }
        #expect(try context.requirePrincipal().user.id == member.id)
        context.principal = Principal(
            user: admin, method: .session(try await fixture.sessions.create(userID: admin.id).session))
        #expect(try context.requireAdmin().user.id == admin.id)
    }
}

extension Principal: Equatable {
    public static func == (lhs: Principal, rhs: Principal) -> Bool { lhs.user == rhs.user }
}
