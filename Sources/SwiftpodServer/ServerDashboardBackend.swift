import Auth
import Basics
import Dashboard
import Foundation
import HTTP
import HTTPServer
import Store

/// The dashboard's backend over the server's services. Workspaces are read and created through the workspace
/// API's own routes, so that the pages show what the API answers, errors included; the rest comes from the store.
struct ServerDashboardBackend: DashboardBackend {
    let services: SwiftpodServices

    func principal(of request: HTTPRequest) async -> Principal? {
        try? await services.authenticator.authenticate(request)
    }

    func workspaces(for principal: Principal) async throws -> [DashboardWorkspace] {
        try await api(.get, "/api/v1/workspaces", principal: principal)
    }

    func workspace(id: String, for principal: Principal) async throws -> DashboardWorkspace {
        try await api(.get, "/api/v1/workspaces/" + URLEncodedForm.percentEncode(id), principal: principal)
    }

    func createWorkspace(
        contextURL: String, image: String?, for principal: Principal
    ) async throws
        -> DashboardWorkspace
    {
        struct Body: Encodable {
            var contextURL: String
            var image: String?
        }
        let body = try JSONCoding.encoder.encode(Body(contextURL: contextURL, image: image))
        return try await api(.post, "/api/v1/workspaces", body: body, principal: principal)
    }

    func environmentVariables(for principal: Principal) async throws -> [EnvironmentVariable] {
        try await services.store.environmentVariables(userID: principal.user.id)
    }

    func accessTokens(for principal: Principal) async throws -> [AccessToken] {
        try await services.accessTokens.list(userID: principal.user.id)
    }

    func users() async throws -> [User] {
        try await services.store.listUsers()
    }

    func timeoutSettings(for principal: Principal) async throws -> DashboardTimeoutSettings {
        let settings = try await UserSettingsRoutes.settings(services, userID: principal.user.id)
        return DashboardTimeoutSettings(
            chosen: settings.defaultInactivityTimeout, serverDefault: settings.serverDefaultInactivityTimeout,
            minimum: settings.minimumInactivityTimeout, maximum: settings.maximumInactivityTimeout)
    }

    /// Sends a request to the workspace API in-process as `principal`, and decodes its answer.
    /// - Throws: `HTTPError` with the API's status and message when it answers an error, 503 before the workspace
    ///   parts are ready.
    private func api<Value: Decodable>(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, principal: Principal
    ) async throws -> Value {
        let parts = try services.workspaces.require()
        let headers: HTTPHeaders = body == nil ? [:] : ["Content-Type": "application/json"]
        let request = HTTPRequest(
            head: HTTPRequestHead(method: method, target: path, headers: headers),
            body: body.map { .bytes(ByteBuffer(bytes: $0)) } ?? .empty)
        var context = RequestContext(logger: services.logger)
        context.principal = principal
        let responder = MiddlewareResponder(middleware: [APIErrorMiddleware()], responder: parts.apiResponder)
        let response = try await responder.respond(to: request, context: context)
        guard case .bytes(let buffer) = response.body else {
            throw HTTPError(.badGateway, message: "the workspace API answered \(response.status.code) with no body")
        }
        let data = Data(buffer.readableView)
        guard (200..<300).contains(response.status.code) else {
            let message = (try? JSONCoding.decoder.decode(ErrorEnvelope.self, from: data))?.error.message
            throw HTTPError(
                response.status, message: message ?? "the workspace API answered \(response.status.code)")
        }
        do {
            return try JSONCoding.decoder.decode(Value.self, from: data)
        } catch {
            throw HTTPError(.badGateway, message: "the workspace API's answer could not be read: \(error)")
        }
    }
}

/// The API's error envelope, `{"error":{"code":…,"message":…}}`, as far as the dashboard reads it.
private struct ErrorEnvelope: Decodable {
    struct Detail: Decodable { var message: String }
    var error: Detail
}
