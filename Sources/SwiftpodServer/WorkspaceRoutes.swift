import Auth
import HTTP
import HTTPServer

/// The public API's workspace routes (`/api/v1/workspaces…`, `/api/v1/openapi.json`) on the server's router: they
/// answer once the workspace parts have started (the engine found, the base image there), and 503 with the reason
/// until then.
enum WorkspaceRoutes {
    static func routes(_ services: SwiftpodServices) -> RouteGroup {
        var group = services.apiGroup()
        let forward = ClosureResponder { request, context in
            try await services.workspaces.require().apiResponder.respond(to: request, context: context)
        }
        // A caller without credentials hears 401 whether or not the workspaces are ready.
        let signedIn = ClosureResponder { request, context in
            _ = try context.requirePrincipal()
            return try await forward.respond(to: request, context: context)
        }
        for method in [HTTPMethod.get, .post, .put, .delete] {
            group.on(method, "/api/v1/workspaces", responder: signedIn)
            group.on(method, "/api/v1/workspaces/*path", responder: signedIn)
        }
        group.on(.get, "/api/v1/openapi.json", responder: forward)
        return group
    }
}
