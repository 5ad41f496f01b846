import Foundation
import HTTP
import HTTPServer
import Store
import SwiftpodAPI

// The channel's handlers: each acts on the channel's own workspace and its owner only.

extension WorkspaceChannelHandlers {
    /// The most variables one `PUT /env` sets.
    static let maximumVariablesPerRequest = 100

    func info() async throws -> HTTPResponse {
        let (workspace, owner) = try await workspaceAndOwner()
        let instance = try await dependencies.store.currentInstance(workspaceID: workspaceID)
        return try .json(
            WorkspaceChannel.Workspace(
                workspaceID: workspace.id, instanceID: instance?.id, phase: instance?.phase.rawValue,
                owner: owner.username, contextURL: workspace.contextURL, cloneURL: workspace.cloneURL,
                repository: try? Self.repositoryPattern(of: workspace), commit: workspace.commit,
                timeout: timeoutJSON(workspace)))
    }

    // MARK: Environment variables

    func environment() async throws -> HTTPResponse {
        let (workspace, owner) = try await workspaceAndOwner()
        guard let repository = EnvironmentPattern.repository(ofCloneURL: workspace.cloneURL) else {
            return try .json(WorkspaceChannel.Variables(repositoryPattern: nil, variables: []))
        }
        let variables = EnvironmentPattern.chosen(
            try await dependencies.store.environmentVariables(userID: owner.id), name: \.name,
            pattern: \.repositoryPattern, owner: repository.owner, repository: repository.repository)
        return try .json(
            WorkspaceChannel.Variables(
                repositoryPattern: "\(repository.owner)/\(repository.repository)",
                variables: variables.map(WorkspaceChannel.Variable.init)))
    }

    func setEnvironment(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (workspace, owner) = try await workspaceAndOwner()
        let pattern = try Self.repositoryPattern(of: workspace)
        let body = try await request.decodeJSON(WorkspaceChannel.SetVariables.self)
        guard !body.variables.isEmpty, body.variables.count <= Self.maximumVariablesPerRequest else {
            throw HTTPError.badRequest("set 1 to \(Self.maximumVariablesPerRequest) variables at a time")
        }
        for variable in body.variables {
            try EnvironmentVariableRoutes.checkName(variable.name)
            guard !variable.value.isEmpty else {
                throw HTTPError(
                    .unprocessableContent,
                    message: "'\(variable.name)' needs a value; to delete it, use gp env -u \(variable.name)")
            }
        }
        var stored: [WorkspaceChannel.Variable] = []
        for variable in body.variables {
            let (saved, _) = try await EnvironmentVariableRoutes.set(
                variable.name, value: variable.value, repositoryPattern: pattern, userID: owner.id,
                store: dependencies.store)
            stored.append(WorkspaceChannel.Variable(saved))
        }
        return try .json(WorkspaceChannel.Variables(repositoryPattern: pattern, variables: stored))
    }

    /// Deletes the variable of `name` for this repository's exact `owner/repo` pattern, as Gitpod does: variables
    /// of wider patterns (`owner/*`, `*/*`) belong to more than this repository and stay.
    func unsetEnvironment(_ name: String) async throws -> HTTPResponse {
        let (workspace, owner) = try await workspaceAndOwner()
        let pattern = try Self.repositoryPattern(of: workspace)
        let match = try await dependencies.store.environmentVariables(userID: owner.id).first {
            $0.name == name && $0.repositoryPattern.lowercased() == pattern.lowercased()
        }
        if let match { try await dependencies.store.deleteEnvironmentVariable(id: match.id) }
        return try .json(WorkspaceChannel.Unset(name: name, repositoryPattern: pattern, deleted: match != nil))
    }

    // MARK: Timeout

    func timeout() async throws -> HTTPResponse {
        try .json(timeoutJSON(try await workspaceAndOwner().workspace))
    }

    func setTimeout(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try await request.decodeJSON(WorkspaceChannel.SetTimeout.self)
        do {
            return try await setTimeout(try TimeoutDuration(parsing: body.timeout))
        } catch let error as TimeoutDurationError {
            throw HTTPError(.unprocessableContent, message: error.message)
        }
    }

    func setTimeout(_ timeout: TimeoutDuration) async throws -> HTTPResponse {
        var (workspace, _) = try await workspaceAndOwner()
        try await dependencies.store.setInactivityTimeout(workspaceID: workspaceID, to: timeout.duration)
        workspace.inactivityTimeout = timeout.duration
        return try .json(timeoutJSON(workspace))
    }

    func timeoutJSON(_ workspace: Workspace) -> WorkspaceChannel.Timeout {
        let timeout = TimeoutDuration(stored: workspace.inactivityTimeout ?? dependencies.defaultInactivityTimeout)
        return WorkspaceChannel.Timeout(
            timeout: timeout.description, seconds: timeout.duration.components.seconds,
            humanReadable: timeout.humanReadable, isDefault: workspace.inactivityTimeout == nil)
    }

    // MARK: Stop and ports

    /// Answers first and stops afterwards, in a task the API owns: the stop ends the container of the caller.
    func stop() async throws -> HTTPResponse {
        _ = try await workspaceAndOwner()
        guard let instance = try await dependencies.store.currentInstance(workspaceID: workspaceID),
            instance.phase == .running
        else {
            throw HTTPError(.conflict, message: "workspace \(workspaceID) is not running, so it cannot be stopped now")
        }
        dependencies.api.stopInBackground(workspaceID: workspaceID)
        return try .json(WorkspaceChannel.Stop(workspaceID: workspaceID, phase: "stopping"), status: .accepted)
    }

    /// The workspace's ports with their URLs, for the browser IDE's ports panel.
    func ports() async throws -> HTTPResponse {
        let (workspace, _) = try await workspaceAndOwner()
        return try .json(ChannelPortsJSON(ports: try await dependencies.api.ports(of: workspace, askSupervisor: true)))
    }

    func setPortVisibility(_ request: HTTPRequest, port text: String) async throws -> HTTPResponse {
        let (workspace, _) = try await workspaceAndOwner()
        guard let port = Int(text), (1...65535).contains(port) else {
            throw HTTPError.badRequest("'\(text)' is not a port: use a number from 1 to 65535")
        }
        let body = try await request.decodeJSON(WorkspaceChannel.SetPortVisibility.self)
        return try .json(
            try await dependencies.api.setPortVisibility(of: workspace, port: port, visibility: body.visibility))
    }
}
