import Basics
import Foundation
import HTTP
import HTTPServer

/// Authenticates every request, stores the caller in the context (`context.principal`), and refuses
/// state-changing session requests that lack the session's CSRF token.
///
/// Anonymous requests pass through with no principal: handlers that need one call `context.requirePrincipal()`.
/// For a posted form (`application/x-www-form-urlencoded`) without the `X-CSRF-Token` header the middleware reads
/// the body (up to `maximumFormBytes`) to find the `csrf_token` field, and hands the same bytes on to the handler.
public struct AuthenticationMiddleware: HTTPMiddleware {
    /// The name of the form field that carries the CSRF token.
    public static let csrfFormField = "csrf_token"

    public let authenticator: Authenticator
    public let maximumFormBytes: Int

    public init(authenticator: Authenticator, maximumFormBytes: Int = 1 << 20) {
        self.authenticator = authenticator
        self.maximumFormBytes = maximumFormBytes
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext,
        next: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var request = request
        var context = context
        do {
            context.principal = try await authenticator.authenticate(request)
            var formToken: String?
            if let principal = context.principal, principal.csrfToken != nil,
                Authenticator.isStateChanging(request.method), request.headers["X-CSRF-Token"] == nil,
                Self.isForm(request.headers)
            {
                let body = try await request.body.collect(maxBytes: maximumFormBytes)
                request.body = .bytes(body)
                formToken = Self.formField(Self.csrfFormField, in: String(decoding: body.readableView, as: UTF8.self))
            }
            try Authenticator.checkCSRF(request, principal: context.principal, formToken: formToken)
        } catch let error as AuthError {
            throw error.httpError
        }
        return try await next(request, context)
    }

    static func isForm(_ headers: HTTPHeaders) -> Bool {
        headers.mediaType == "application/x-www-form-urlencoded"
    }

    /// The first value of field `name` in a URL-encoded form, decoded.
    static func formField(_ name: String, in form: String) -> String? {
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard decode(parts[0]) == name else { continue }
            return parts.count > 1 ? decode(parts[1]) : ""
        }
        return nil
    }
}
