import Foundation
import HTTP
import HTTPServer

// The browser IDE's live events and configuration:
//
// | Route | Answer |
// |---|---|
// | `GET /ide/events` | Server-Sent Events: `open` `{"path"}`, `preview` `{"url","external"?}`, `port` `{"port","onOpen"}` |
// | `POST /ide/open` `{"path"}` | 204; the path relative to the workspace's root, or absolute under it |
// | `POST /ide/preview` `{"url","external"?}` | 204; an http or https URL |
// | `GET /ide/config` | `{"workspaceLocation","ports":[{"port" or "range","name","description","onOpen","visibility"}]}` |

extension SupervisorAPI {
    /// Adds the `/ide` routes.
    static func addIDERoutes(to router: inout Router, supervisor: Supervisor) {
        router.get("/ide/events") { _, _ in
            supervisor.ideEvents.response()
        }
        router.post("/ide/open") { request, _ in
            let body = try await request.decodeJSON(IDEOpenRequest.self)
            let path = try workspacePath(body.path, root: supervisor.files.rootPath)
            supervisor.ideEvents.publish("open", IDEOpenRequest(path: path.description))
            return HTTPResponse(status: .noContent)
        }
        router.post("/ide/preview") { request, _ in
            var body = try await request.decodeJSON(IDEPreviewRequest.self)
            guard let url = URL(string: body.url), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host?.isEmpty == false
            else {
                throw HTTPError.badRequest("'\(body.url)' is not an http:// or https:// URL")
            }
            if body.external != true { body.external = nil }
            supervisor.ideEvents.publish("preview", body)
            return HTTPResponse(status: .noContent)
        }
        router.get("/ide/config") { _, _ in
            let configuration = supervisor.options.configuration
            return try .json(
                IDEConfigResponse(
                    workspaceLocation: configuration.workspaceLocation ?? "", ports: configuration.ports))
        }
    }

    /// `text` as a path under the workspace's root: relative already, or absolute inside `root`.
    static func workspacePath(_ text: String, root: String) throws -> WorkspacePath {
        guard text.hasPrefix("/") else { return try WorkspacePath(parsing: text) }
        let normalized = URL(fileURLWithPath: text).standardizedFileURL.path
        if normalized == root { return WorkspacePath(components: []) }
        let prefix = root == "/" ? "/" : root + "/"
        guard normalized.hasPrefix(prefix) else {
            throw HTTPError.badRequest("'\(text)' is outside \(root): the IDE opens the workspace's files only")
        }
        return try WorkspacePath(parsing: String(normalized.dropFirst(prefix.count)))
    }
}

/// `POST /ide/open`, and the `open` event's data.
struct IDEOpenRequest: Codable {
    var path: String
}

/// `POST /ide/preview`, and the `preview` event's data.
struct IDEPreviewRequest: Codable {
    var url: String
    /// Open in a new browser tab rather than the IDE's preview.
    var external: Bool?
}

/// `GET /ide/config`.
struct IDEConfigResponse: Encodable {
    var workspaceLocation: String
    var ports: [SupervisorPortConfiguration]
}
