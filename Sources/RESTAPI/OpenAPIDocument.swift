import Foundation
import HTTP

/// The OpenAPI 3.1 document of the public API, built from `APIRoute.all` (the workspace routes, with the operations'
/// details here) and `ServerRoute.all` (the routes the server serves itself).
enum OpenAPIDocument {
    /// The document as JSON text, sorted keys.
    static let json: String = {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }()

    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in APIRoute.all {
            paths[route.openAPIPath, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        for route in ServerRoute.all {
            paths[route.openAPIPath, default: [:]][route.method.rawValue.lowercased()] = route.operation
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Swiftpod API", "version": "1",
                "description": "Workspaces, tokens, users, environment variables and settings of a Swiftpod server. "
                    + "Authenticate with a personal access token "
                    + "(`Authorization: Bearer swp_…`) or a session cookie with its CSRF token.",
            ],
            "paths": paths,
            "security": [["bearer": [String]()]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": schemas,
                "responses": [
                    "Error": [
                        "description": "The error envelope",
                        "content": ["application/json": ["schema": ref("Error")]],
                    ]
                ],
            ],
        ]
    }

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    private static func json(_ schema: [String: Any], _ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": schema]]]
    }

    private static var errorResponse: [String: Any] { ["$ref": "#/components/responses/Error"] }

    private static func operation(_ route: APIRoute) -> [String: Any] {
        var operation: [String: Any] = ["operationId": route.operation.rawValue, "summary": route.summary]
        let portSchema: [String: Any] = ["type": "integer", "minimum": 1, "maximum": 65535]
        let stringSchema: [String: Any] = ["type": "string"]
        var parameters: [[String: Any]] = route.parameterNames.map { (name: String) -> [String: Any] in
            ["name": name, "in": "path", "required": true, "schema": name == "port" ? portSchema : stringSchema]
        }
        var responses: [String: Any] = [
            "400": errorResponse, "401": errorResponse, "404": errorResponse,
        ]
        switch route.operation {
        case .openAPI:
            operation["security"] = [[String: Any]]()
            responses = ["200": json(["type": "object"], "The OpenAPI document")]
        case .createWorkspace:
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": ref("CreateWorkspace")]],
            ]
            responses["201"] = json(ref("Workspace"), "The workspace; its start has begun")
        case .listWorkspaces:
            parameters += [
                [
                    "name": "phase", "in": "query", "required": false, "schema": ref("Phase"),
                    "description": "Only workspaces in this phase",
                ],
                [
                    "name": "repository", "in": "query", "required": false, "schema": ["type": "string"],
                    "description": "Only workspaces of this repository, `owner/repo`",
                ],
            ]
            responses["200"] = json(["type": "array", "items": ref("Workspace")], "The caller's workspaces")
        case .getWorkspace:
            responses["200"] = json(ref("Workspace"), "The workspace")
        case .startWorkspace, .stopWorkspace:
            responses["202"] = json(ref("Workspace"), "Accepted: the operation runs in the background")
            responses["409"] = errorResponse
        case .deleteWorkspace:
            responses["204"] = ["description": "Deleted"]
            responses["409"] = errorResponse
        case .allWorkspaceEvents:
            responses["200"] = [
                "description": "`event: phase` with a workspace's JSON as data, each workspace's current state first; "
                    + "`event: deleted` with `{\"id\"}` when one is deleted",
                "content": ["text/event-stream": ["schema": ["type": "string"]]],
            ]
        case .workspaceEvents:
            responses["200"] = [
                "description": "`event: phase` with the workspace JSON as data, the current state first",
                "content": ["text/event-stream": ["schema": ["type": "string"]]],
            ]
        case .workspaceLogs:
            parameters.append([
                "name": "follow", "in": "query", "required": false, "schema": ["type": "string", "enum": ["0", "1"]],
                "description": "`1` keeps streaming the tasks' output while the workspace runs",
            ])
            responses["200"] = [
                "description": "The image build log, then each task's terminal output",
                "content": ["text/plain": ["schema": ["type": "string"]]],
            ]
        case .execInWorkspace:
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": ref("ExecRequest")]],
            ]
            responses["200"] = [
                "description":
                    "How the command ended, and its output; with \"stream\": true, newline-delimited JSON: an "
                    + "{\"output\"} object whenever the command writes, then the ExecResult with an empty output",
                "content": [
                    "application/json": ["schema": ref("ExecResult")],
                    "application/x-ndjson": ["schema": ["type": "string"]],
                ],
            ]
            responses["409"] = errorResponse
        case .listPorts:
            responses["200"] = json(["type": "array", "items": ref("Port")], "Configured and open ports")
        case .setPortVisibility:
            operation["requestBody"] = [
                "required": true,
                "content": [
                    "application/json": [
                        "schema": [
                            "type": "object", "required": ["visibility"],
                            "properties": ["visibility": ["type": "string", "enum": ["public", "private"]]],
                        ]
                    ]
                ],
            ]
            responses["200"] = json(ref("Port"), "The port")
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        operation["responses"] = responses
        return operation
    }

    private static let phases = [
        "created", "preparing", "building", "pending", "creating", "initializing", "running", "stopping", "stopped",
        "failed",
    ]

    private static var schemas: [String: Any] {
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        return [
            "Error": [
                "type": "object", "required": ["error"],
                "properties": [
                    "error": [
                        "type": "object", "required": ["code", "message"],
                        "properties": ["code": ["type": "string"], "message": ["type": "string"]],
                    ]
                ],
            ],
            "Phase": [
                "type": "string", "enum": phases,
                "description": "`created` until the first start has begun",
            ],
            "CreateWorkspace": [
                "type": "object", "required": ["contextURL"],
                "properties": [
                    "contextURL": ["type": "string"],
                    "image": ["type": "string", "description": "An image name overriding the configuration's"],
                    "env": ["type": "object", "additionalProperties": ["type": "string"]],
                ],
            ],
            "ExecRequest": [
                "type": "object", "required": ["command"],
                "properties": [
                    "command": ["type": "array", "items": ["type": "string"], "minItems": 1],
                    "timeout": ["type": "number", "exclusiveMinimum": 0, "maximum": 3600],
                    "stream": ["type": "boolean"],
                ],
            ],
            "ExecResult": [
                "type": "object", "required": ["exitCode", "output", "timedOut"],
                "properties": [
                    "exitCode": ["type": ["integer", "null"]], "output": ["type": "string"],
                    "timedOut": ["type": "boolean"],
                ],
            ],
            "Port": [
                "type": "object", "required": ["port", "url", "visibility", "state"],
                "properties": [
                    "port": ["type": "integer"], "url": ["type": "string"],
                    "visibility": ["type": "string", "enum": ["public", "private"]],
                    "state": ["type": "string", "enum": ["open", "closed", "unknown"]],
                ],
            ],
            "Workspace": [
                "type": "object",
                "required": [
                    "id", "phase", "phaseTimes", "failure", "contextURL", "repository", "contentSource", "ideURL",
                    "ports",
                ],
                "properties": [
                    "id": ["type": "string"], "phase": ref("Phase"),
                    "phaseTimes": [
                        "type": "object", "additionalProperties": ["type": "string", "format": "date-time"],
                    ],
                    "failure": nullableString, "contextURL": ["type": "string"],
                    "repository": [
                        "type": "object", "required": ["cloneURL", "ref", "commit"],
                        "properties": [
                            "cloneURL": ["type": "string"], "ref": nullableString, "commit": ["type": "string"],
                        ],
                    ],
                    "contentSource": ["type": ["string", "null"], "enum": ["backup", "prebuild", "git", NSNull()]],
                    "ideURL": ["type": "string"], "image": nullableString,
                    "createdAt": ["type": "string", "format": "date-time"],
                    "ports": ["type": "array", "items": ref("Port")],
                ],
            ],
        ]
    }
}
