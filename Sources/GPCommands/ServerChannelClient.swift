import Basics
import Foundation
import HTTP

// The routes of the Swiftpod server's channel for this workspace, reached through the supervisor's relay
// (`/server/…`). The server knows the workspace by the socket the relay uses, so no request names it.

extension SupervisorClient {
    /// `GET /server/workspace`.
    func serverWorkspace() async throws -> ServerWorkspace {
        try await send(.get, "/server/workspace", as: ServerWorkspace.self)
    }

    /// `GET /server/env`: the owner's variables that apply to this workspace's repository.
    func environmentVariables() async throws -> ServerVariables {
        try await send(.get, "/server/env", as: ServerVariables.self)
    }

    /// `PUT /server/env`: sets `variables` for this workspace's repository (`owner/repo`).
    func setEnvironmentVariables(_ variables: [(name: String, value: String)]) async throws -> ServerVariables {
        let body = ServerSetVariables(variables: variables.map { .init(name: $0.name, value: $0.value) })
        return try await send(.put, "/server/env", body: try Self.json(body), as: ServerVariables.self)
    }

    /// `DELETE /server/env/NAME`: deletes the repository's variable `name`.
    func unsetEnvironmentVariable(_ name: String) async throws {
        _ = try await send(.delete, "/server/env/\(Self.segment(name))", as: ServerUnset.self)
    }

    /// `GET /server/timeout`.
    func workspaceTimeout() async throws -> ServerTimeout {
        try await send(.get, "/server/timeout", as: ServerTimeout.self)
    }

    /// `PUT /server/timeout`: `duration` in Go's notation (`2h`).
    func setWorkspaceTimeout(_ duration: String) async throws -> ServerTimeout {
        let body = try Self.json(["timeout": duration])
        return try await send(.put, "/server/timeout", body: body, as: ServerTimeout.self)
    }

    /// `POST /server/timeout/extend`.
    func extendWorkspaceTimeout() async throws -> ServerTimeout {
        try await send(.post, "/server/timeout/extend", as: ServerTimeout.self)
    }

    /// `POST /server/stop`: the server answers, then stops this workspace.
    func stopWorkspace() async throws {
        _ = try await send(.post, "/server/stop", as: ServerStop.self)
    }

    /// `PUT /server/ports/PORT`.
    func setPortVisibility(_ port: UInt16, visibility: String) async throws -> ServerPort {
        let body = try Self.json(["visibility": visibility])
        return try await send(.put, "/server/ports/\(port)", body: body, as: ServerPort.self)
    }

    private static func json(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return ByteBuffer(bytes: try encoder.encode(value))
    }
}

/// Runs the server part of `gp COMMAND`, naming the command when the server is not connected.
enum ServerCommand {
    static func run<Result>(_ command: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as GPError where error.code == .serverUnavailable {
            throw GPError(
                code: .serverUnavailable, message: "\(error.message); `gp \(command)` needs it", status: error.status)
        }
    }
}

/// `GET /server/workspace`.
struct ServerWorkspace: Decodable, Sendable {
    var workspaceID: String
    var instanceID: String?
    var phase: String?
    var owner: String
    var contextURL: String
    var repository: String?
    var timeout: ServerTimeout
}

/// A variable and the repository pattern it is set for.
struct ServerVariable: Codable, Sendable, Equatable {
    var name: String
    var value: String
    var repositoryPattern: String? = nil
}

/// `GET /server/env`.
struct ServerVariables: Decodable, Sendable {
    var repositoryPattern: String?
    var variables: [ServerVariable]
}

struct ServerSetVariables: Encodable {
    struct Variable: Encodable {
        var name: String
        var value: String
    }
    var variables: [Variable]
}

struct ServerUnset: Decodable {
    var name: String
    var deleted: Bool
}

/// The workspace's inactivity timeout.
struct ServerTimeout: Decodable, Sendable {
    /// `30m`, `2h`.
    var timeout: String
    var seconds: Int64
    /// `2 hours`.
    var humanReadable: String
    var isDefault: Bool
}

struct ServerStop: Decodable {
    var workspaceID: String
}

/// A port as the server lists it.
struct ServerPort: Decodable, Sendable {
    var port: Int
    var url: String
    var visibility: String
    var state: String
}
