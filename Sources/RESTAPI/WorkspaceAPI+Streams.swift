import Basics
import Foundation
import HTTP
import HTTPServer
import ImageBuilder
import Store
import WorkspaceManager

// The streaming routes: phase changes as Server-Sent Events, and the logs (the image build's, then the tasks').

extension WorkspaceAPI {
    /// How often an idle event stream sends a comment, so that a client that left is noticed.
    static let keepAliveInterval: Duration = .seconds(15)
    /// How often `logs?follow=1` asks the supervisor for new output.
    static let followInterval: Duration = .seconds(1)

    /// What an event stream writes next.
    enum StreamItem: Sendable {
        case change(workspaceID: String)
        case keepAlive
    }

    /// `GET /api/v1/workspaces/:id/events`: the workspace's phase changes.
    func events(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        return eventStream(ownerID: workspace.ownerID, only: workspace.id)
    }

    /// `GET /api/v1/workspaces/events`: the phase changes of all the caller's workspaces.
    func allEvents(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        eventStream(ownerID: try context.requirePrincipal().user.id, only: nil)
    }

    /// `event: phase` for each workspace of `ownerID` (or only the one `only`) now and after each of its changes,
    /// `event: deleted` when one is deleted, and a comment now and then.
    private func eventStream(ownerID: String, only: String?) -> HTTPResponse {
        // Subscribed before the current state is read, so that no change falls between the two.
        let changes = dependencies.manager.events()
        let (items, continuation) = AsyncStream.makeStream(of: StreamItem.self, bufferingPolicy: .bufferingNewest(64))
        let interval = Self.keepAliveInterval
        return HTTPResponse(
            status: .ok,
            headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"],
            body: .stream { [self] writer in
                let registration = background.registerStream { continuation.finish() }
                defer { background.unregisterStream(registration) }
                guard registration != nil else { return }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await change in changes where only == nil || change.workspaceID == only {
                            continuation.yield(.change(workspaceID: change.workspaceID))
                        }
                        continuation.finish()
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: interval)
                            continuation.yield(.keepAlive)
                        }
                    }
                    defer { group.cancelAll() }
                    var current = only.map { [$0] } ?? []
                    if only == nil {
                        current = try await dependencies.store.workspaces(ownerID: ownerID, includeDeleted: false)
                            .map(\.id)
                    }
                    for id in current {
                        if let event = try await event(workspaceID: id, ownerID: ownerID) {
                            try await writer.write(event)
                        }
                    }
                    for await item in items {
                        switch item {
                        case .change(let id):
                            if let event = try await event(workspaceID: id, ownerID: ownerID) {
                                try await writer.write(event)
                            }
                        case .keepAlive: try await writer.write(": keep-alive\n\n")
                        }
                    }
                }
            })
    }

    /// `event: phase` with the workspace's JSON, as it is in the store now; `event: deleted` once it is deleted;
    /// nil for another user's workspace.
    private func event(workspaceID: String, ownerID: String) async throws -> String? {
        let workspace: Workspace
        do {
            workspace = try await dependencies.store.workspace(id: workspaceID)
        } catch let error as StoreError where error.code == .notFound {
            return nil
        }
        guard workspace.ownerID == ownerID else { return nil }
        guard workspace.deletedAt == nil else {
            let data = try JSONCoding.encoder.encode(["id": workspaceID])
            return "event: deleted\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
        }
        let data = try JSONCoding.encoder.encode(try await json(for: workspace, askSupervisor: false))
        return "event: phase\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }

    func logs(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let workspace = try await ownedWorkspace(context)
        let follow = ["1", "true", "yes"].contains(request.queryParameters["follow"]?.lowercased() ?? "")
        let instance = try await dependencies.store.currentInstance(workspaceID: workspace.id)
        let imageLog = instance.flatMap { imageLogPath(imageRef: $0.imageRef) }
        let running = instance?.phase == .running
        let supervisor = supervisor(workspace.id)
        let store = dependencies.store
        let id = workspace.id
        let background = background
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache"],
            body: .stream { writer in
                if let imageLog, let data = FileManager.default.contents(atPath: imageLog) {
                    try await writer.write("== image build ==\n")
                    try await writer.write(ByteBuffer(bytes: data))
                }
                guard running else { return }
                var sent: [String: [UInt8]] = [:]
                for task in (try? await supervisor.tasks()) ?? [] {
                    guard let terminal = task.terminal,
                        let bytes = try? await supervisor.scrollback(terminal: terminal)
                    else { continue }
                    try await writer.write("== task \(task.name ?? task.id) ==\n")
                    try await writer.write(ByteBuffer(bytes: bytes))
                    sent[terminal] = bytes
                }
                guard follow else { return }
                while !Task.isCancelled, !background.isClosed {
                    try await Task.sleep(for: Self.followInterval)
                    guard (try? await store.currentInstance(workspaceID: id))?.phase == .running else { return }
                    for task in (try? await supervisor.tasks()) ?? [] {
                        guard let terminal = task.terminal,
                            let bytes = try? await supervisor.scrollback(terminal: terminal)
                        else { continue }
                        let new = Self.newOutput(previous: sent[terminal] ?? [], current: bytes)
                        if !new.isEmpty { try await writer.write(ByteBuffer(bytes: new)) }
                        sent[terminal] = bytes
                    }
                }
            })
    }

    /// The bytes of `current` after what `previous` already held. The scrollback grows at its end and, once full,
    /// drops bytes at its start; so the new bytes follow the last place where the tail of `previous` occurs.
    static func newOutput(previous: [UInt8], current: [UInt8]) -> [UInt8] {
        if current.count >= previous.count, current.starts(with: previous) { return Array(current[previous.count...]) }
        // Short enough to survive a rotation of a small scrollback, long enough to be distinctive in a large one.
        let tail = previous.suffix(min(64, max(1, previous.count / 4)))
        guard !tail.isEmpty, current.count >= tail.count else { return current }
        var start = current.count - tail.count
        while start >= 0 {
            if current[start..<(start + tail.count)].elementsEqual(tail) {
                return Array(current[(start + tail.count)...])
            }
            start -= 1
        }
        return current
    }

    /// The build log of a built image (`<data>/logs/images/<tag>.log`), nil for an image that was not built here.
    func imageLogPath(imageRef: String?) -> String? {
        let prefix = ImageResolver.builtRepository + ":"
        guard let imageRef, imageRef.hasPrefix(prefix) else { return nil }
        let tag = imageRef.dropFirst(prefix.count)
        guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        return "\(dependencies.manager.configuration.dataDirectory)/logs/images/\(tag).log"
    }
}
