import Auth
import HTTPServer
import Store

/// Turns the domain's errors into the API's one JSON error envelope: `AuthError` by its own mapping, `StoreError`
/// `.notFound` as 404, `.conflict` as 409 and `.invalidArgument` as 422. Other errors pass on (the server answers
/// them with a 500 envelope).
public struct APIErrorMiddleware: HTTPMiddleware {
    public init() {}

    public func handle(
        _ request: HTTPRequest, context: RequestContext,
        next: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch let error as AuthError {
            throw error.httpError
        } catch let error as StoreError {
            throw Self.httpError(error)
        }
    }

    /// The HTTP answer to a store error.
    public static func httpError(_ error: StoreError) -> any Error {
        switch error.code {
        case .notFound: HTTPError(.notFound, message: error.message)
        case .conflict: HTTPError(.conflict, message: error.message)
        case .invalidArgument: HTTPError(.unprocessableContent, message: error.message)
        default: error
        }
    }
}
