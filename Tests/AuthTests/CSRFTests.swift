import Basics
import HTTP
import HTTPServer
import Store
import Synchronization
import Testing

@testable import Auth

/// CSRF checks through `AuthenticationMiddleware` in front of a handler that records what reached it.
@Suite struct CSRFTests {
    struct Reached: Sendable {
        var principal: Principal?
        var body: String
    }

    /// Sends `request` through the middleware; returns what the handler saw, or the HTTP error thrown.
    func send(_ request: HTTPRequest, fixture: AuthFixture) async -> Result<Reached, HTTPError> {
        let reached = Mutex<Reached?>(nil)
        let responder = MiddlewareResponder(
            middleware: [AuthenticationMiddleware(authenticator: fixture.authenticator())],
            responder: ClosureResponder { request, context in
                let body = try await request.body.collect(maxBytes: 1 << 16)
                let seen = Reached(
                    principal: context.principal, body: String(decoding: body.readableView, as: UTF8.self))
                reached.withLock { $0 = seen }
                return HTTPResponse(status: .noContent)
            })
        do {
            _ = try await responder.respond(to: request, context: RequestContext(logger: .disabled))
            guard let seen = reached.withLock({ $0 }) else {
                return .failure(HTTPError(.internalServerError, message: "the handler was not reached"))
            }
            return .success(seen)
        } catch let error as HTTPError {
            return .failure(error)
        } catch {
            return .failure(HTTPError(.internalServerError, message: "\(error)"))
        }
    }

    func request(
        _ method: HTTPMethod, headers: HTTPHeaders, body: String? = nil
    ) -> HTTPRequest {
        HTTPRequest(
            head: HTTPRequestHead(method: method, target: "/workspaces", headers: headers),
            body: body.map { .bytes(ByteBuffer(string: $0)) } ?? .empty)
    }

    func signedIn(_ fixture: AuthFixture) async throws -> (cookie: String, csrf: String) {
        let user = try await fixture.makeUser()
        let created = try await fixture.sessions.create(userID: user.id)
        return ("swiftpod_session=\(created.cookieValue)", created.session.csrfToken)
    }

    @Test(arguments: [HTTPMethod.get, .head, .options])
    func safeMethodsNeedNoToken(_ method: HTTPMethod) async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let result = await send(request(method, headers: ["Cookie": session.cookie]), fixture: fixture)
        #expect((try? result.get())?.principal != nil)
    }

    @Test(arguments: [HTTPMethod.post, .put, .patch, .delete])
    func stateChangingSessionRequestsWithoutATokenAreRefused(_ method: HTTPMethod) async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let result = await send(request(method, headers: ["Cookie": session.cookie]), fixture: fixture)
        guard case .failure(let error) = result else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.status == .forbidden)
        #expect(error.code == "csrf_rejected")
    }

    @Test func aWrongTokenIsRefused() async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let wrong = String(session.csrf.reversed())
        let result = await send(
            request(.post, headers: ["Cookie": session.cookie, "X-CSRF-Token": wrong]), fixture: fixture)
        #expect(throws: HTTPError.self) { try result.get() }
        let empty = await send(
            request(.post, headers: ["Cookie": session.cookie, "X-CSRF-Token": ""]), fixture: fixture)
        #expect(throws: HTTPError.self) { try empty.get() }
    }

    @Test func theTokenInTheHeaderIsAccepted() async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let result = await send(
            request(.delete, headers: ["Cookie": session.cookie, "X-CSRF-Token": session.csrf]), fixture: fixture)
        #expect((try? result.get())?.principal != nil)
    }

    @Test func theTokenInAFormFieldIsAcceptedAndTheFormStillReachesTheHandler() async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let form = "name=my+workspace&csrf_token=\(session.csrf)&url=https%3A%2F%2Fexample.com"
        let headers: HTTPHeaders = [
            "Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        ]
        let result = await send(request(.post, headers: headers, body: form), fixture: fixture)
        #expect((try? result.get())?.body == form)
    }

    @Test func aWrongFormFieldIsRefused() async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let headers: HTTPHeaders = ["Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded"]
        for form in ["csrf_token=nope", "name=x", "", "csrf_token=&csrf_token=\(session.csrf)"] {
            let result = await send(request(.post, headers: headers, body: form), fixture: fixture)
            #expect(throws: HTTPError.self, "form \(form)") { try result.get() }
        }
    }

    @Test func aFormFieldInAJSONBodyDoesNotCount() async throws {
        let fixture = try await AuthFixture()
        let session = try await signedIn(fixture)
        let headers: HTTPHeaders = ["Cookie": session.cookie, "Content-Type": "application/json"]
        let result = await send(request(.post, headers: headers, body: "csrf_token=\(session.csrf)"), fixture: fixture)
        #expect(throws: HTTPError.self) { try result.get() }
    }

    @Test func bearerTokenRequestsNeedNoCSRFToken() async throws {
        let fixture = try await AuthFixture()
        let user = try await fixture.makeUser()
        let token = try await fixture.accessTokens.create(userID: user.id, name: "ci", lifetime: .never).token
        let result = await send(
            request(.post, headers: ["Authorization": "Bearer \(token)"], body: "{}"), fixture: fixture)
        #expect((try? result.get())?.body == "{}")
    }

    @Test func anonymousRequestsPassThroughWithoutAPrincipal() async throws {
        let fixture = try await AuthFixture()
        let result = await send(request(.post, headers: [:], body: "x=1"), fixture: fixture)
        let reached = try result.get()
        #expect(reached.principal == nil)
        #expect(reached.body == "x=1")
    }

    @Test func anInvalidBearerTokenIsAnswered401() async throws {
        let fixture = try await AuthFixture()
        let result = await send(request(.get, headers: ["Authorization": "Bearer swp_nope"]), fixture: fixture)
        guard case .failure(let error) = result else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.status == .unauthorized)
        #expect(error.headers["WWW-Authenticate"] == "Bearer")
    }
}
