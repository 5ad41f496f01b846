import HTTPServer

/// Answers every request with 204; for tests that need a port something listened on.
struct ClientTestResponder: HTTPResponder {
    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        HTTPResponse(status: .noContent)
    }
}
