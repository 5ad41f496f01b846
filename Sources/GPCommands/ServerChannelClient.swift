import Basics
import Foundation
import HTTP
import SwiftpodAPI

// The routes of the Swiftpod server's channel for this workspace, reached through the supervisor's relay
// (`/server/…`). The server knows the workspace by the socket the relay uses, so no request names it.

extension SupervisorClient {
    /// `GET /server/workspace`.
    func serverWorkspace() async throws -> WorkspaceChannel.Workspace {
        try await send(.get, "/server/workspace", as: WorkspaceChannel.Workspace.self)
    }

    /// `GET /server/env`: the owner's variables that apply to this workspace's repository.
    func environmentVariables() async throws -> WorkspaceChannel.Variables {
        try await send(.get, "/server/env", as: WorkspaceChannel.Variables.self)
    }

    /// `PUT /server/env`: sets `variables` for this workspace's repository (`owner/repo`).
    func setEnvironmentVariables(
        _ variables: [(name: String, value: String)]
    ) async throws -> WorkspaceChannel.Variables {
        let body = WorkspaceChannel.SetVariables(variables: variables.map { .init(name: $0.name, value: $0.value) })
        return try await send(.put, "/server/env", body: try Self.json(body), as: WorkspaceChannel.Variables.self)
    }

    /// `DELETE /server/env/NAME`: deletes the repository's variable `name`.
    func unsetEnvironmentVariable(_ name: String) async throws {
        _ = try await send(.delete, "/server/env/\(Self.segment(name))", as: WorkspaceChannel.Unset.self)
    }

    /// `GET /server/timeout`.
    func workspaceTimeout() async throws -> WorkspaceChannel.Timeout {
        try await send(.get, "/server/timeout", as: WorkspaceChannel.Timeout.self)
    }

    /// `PUT /server/timeout`: `duration` in Go's notation (`2h`).
    func setWorkspaceTimeout(_ duration: String) async throws -> WorkspaceChannel.Timeout {
        let body = try Self.json(WorkspaceChannel.SetTimeout(timeout: duration))
        return try await send(.put, "/server/timeout", body: body, as: WorkspaceChannel.Timeout.self)
    }

    /// `POST /server/timeout/extend`.
    func extendWorkspaceTimeout() async throws -> WorkspaceChannel.Timeout {
        try await send(.post, "/server/timeout/extend", as: WorkspaceChannel.Timeout.self)
    }

    /// `POST /server/stop`: the server answers, then stops this workspace.
    func stopWorkspace() async throws {
        _ = try await send(.post, "/server/stop", as: WorkspaceChannel.Stop.self)
    }

    /// `PUT /server/ports/PORT`.
    func setPortVisibility(_ port: UInt16, visibility: String) async throws -> ServerPort {
        let body = try Self.json(WorkspaceChannel.SetPortVisibility(visibility: visibility))
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

/// A port as the server lists it.
struct ServerPort: Decodable, Sendable {
    var port: Int
    var url: String
    var visibility: String
    var state: String
}
