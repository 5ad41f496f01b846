import Basics
import Foundation
import HTTP
import HTTPServer

// The browser IDE's file routes, over the workspace's files (`WorkspaceFiles`). Paths are relative to the root,
// `/`-separated, "" or "." for the root itself, and come in `?path=`:
//
// | Route | Answer |
// |---|---|
// | `GET /files/list?path=P` | `{"path","entries":[{"name","type","size","modified"}],"truncated"?}` |
// | `GET /files/content?path=P` | the bytes, `ETag: "VERSION"` |
// | `PUT /files/content?path=P` | body: the new bytes; `If-Match: "VERSION"` or `If-None-Match: *`; `{"path","version","size"}` |
// | `POST /files/directory?path=P` | 201 `{"path"}` |
// | `POST /files/rename` `{"from","to"}` | `{"from","to"}` |
// | `DELETE /files?path=P` | 204 |

extension SupervisorAPI {
    /// Adds the `/files` routes.
    static func addFileRoutes(to router: inout Router, supervisor: Supervisor) {
        let files = supervisor.files
        router.get("/files/list") { request, _ in
            try .json(try files.list(try path(request)))
        }
        router.get("/files/content") { request, _ in
            let content = try files.read(try path(request))
            let headers: HTTPHeaders = [
                "Content-Type": "application/octet-stream", "ETag": "\"\(content.version)\"",
                "Cache-Control": "no-store",
            ]
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(ByteBuffer(bytes: content.bytes)))
        }
        router.put("/files/content") { request, _ in
            let path = try path(request)
            let precondition = try writePrecondition(request)
            let body: ByteBuffer
            do {
                body = try await request.body.collect(maxBytes: WorkspaceFiles.maxFileBytes)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw HTTPError(
                    .contentTooLarge,
                    message:
                        "'\(path)' cannot be saved: the IDE saves files of up to \(WorkspaceFiles.maxFileBytes >> 20) MiB"
                )
            }
            let result = try files.write(path, bytes: body.readableArray, precondition: precondition)
            supervisor.activity.record()
            var response = try HTTPResponse.json(
                FileWriteResponse(path: path.description, version: result.version, size: result.size),
                status: result.created ? .created : .ok)
            response.headers.add(name: "ETag", value: "\"\(result.version)\"")
            return response
        }
        router.post("/files/directory") { request, _ in
            let path = try path(request)
            try files.makeDirectory(path)
            supervisor.activity.record()
            return try .json(FilePathResponse(path: path.description), status: .created)
        }
        router.post("/files/rename") { request, _ in
            let body = try await request.decodeJSON(FileRenameRequest.self)
            let source = try WorkspacePath(parsing: body.from)
            let destination = try WorkspacePath(parsing: body.to)
            try files.rename(source, to: destination)
            supervisor.activity.record()
            return try .json(FileRenameRequest(from: source.description, to: destination.description))
        }
        router.delete("/files") { request, _ in
            try files.delete(try path(request))
            supervisor.activity.record()
            return HTTPResponse(status: .noContent)
        }
    }

    /// The `?path=` of a request; the root when there is none.
    private static func path(_ request: HTTPRequest) throws -> WorkspacePath {
        try WorkspacePath(parsing: request.queryParameters["path"] ?? "")
    }

    /// What `If-Match: "VERSION"` or `If-None-Match: *` ask of a write.
    static func writePrecondition(_ request: HTTPRequest) throws -> WorkspaceFiles.WritePrecondition {
        if let match = request.headers["If-Match"] {
            var version = match.trimmingCharacters(in: .whitespaces)
            if version.hasPrefix("W/") { version.removeFirst(2) }
            if version.count >= 2, version.hasPrefix("\""), version.hasSuffix("\"") {
                version = String(version.dropFirst().dropLast())
            }
            guard !version.isEmpty, version != "*", !version.contains(",") else {
                throw HTTPError.badRequest(
                    "If-Match '\(match)' must be the one version the file was read at, as its ETag gave it")
            }
            return .version(version)
        }
        if let noneMatch = request.headers["If-None-Match"] {
            guard noneMatch.trimmingCharacters(in: .whitespaces) == "*" else {
                throw HTTPError.badRequest("If-None-Match '\(noneMatch)' is not supported here: use * to create only")
            }
            return .absent
        }
        return .none
    }
}

/// The answer to `PUT /files/content`.
struct FileWriteResponse: Codable {
    var path: String
    var version: String
    var size: Int
}

/// The answer to `POST /files/directory`.
struct FilePathResponse: Codable {
    var path: String
}

/// `POST /files/rename`, and its answer.
struct FileRenameRequest: Codable {
    var from: String
    var to: String
}
