import Basics
import Foundation
import HTTP
import HTTPClient

// The streaming routes: a workspace's phase changes as Server-Sent Events, and its logs.

extension APIClient {
    /// How long an event stream may stay silent: the server sends a keep-alive comment every 15 seconds.
    public static let eventSilenceLimit: Duration = .seconds(60)
    /// How long a log that is not followed may pause between pieces.
    public static let logPieceTimeout: Duration = .seconds(60)

    /// How an event stream ended.
    public enum StreamEnd: Sendable, Equatable {
        /// The handler asked to stop.
        case stopped
        /// The server ended the stream (it shut down, or the workspace was deleted).
        case serverClosed
    }

    /// Follows `GET /api/v1/workspaces/:id/events`: calls `handle` with the workspace as it is now, then after each
    /// phase change, until `handle` returns false or the server ends the stream.
    /// - Throws: `APIClientError` for an error answer (404 for an unknown workspace), an unreachable server, or a
    ///   stream silent for longer than `eventSilenceLimit`; what `handle` throws.
    @discardableResult
    public func followEvents(
        workspaceID: String, _ handle: (Workspace) async throws -> Bool
    ) async throws -> StreamEnd {
        try await follow(Self.workspacePath(workspaceID) + "/events") { event in
            guard case .phase(let workspace) = event else { return true }
            return try await handle(workspace)
        }
    }

    /// A change that `GET /api/v1/workspaces/events` reports.
    public enum WorkspaceEvent: Sendable, Equatable {
        /// The workspace as it is now: first each one's state, then after each of its phase changes.
        case phase(Workspace)
        /// The workspace of this ID was deleted.
        case deleted(id: String)
    }

    /// Follows `GET /api/v1/workspaces/events`: calls `handle` with each of the caller's workspaces as it is now,
    /// then with every phase change and deletion of any of them, until `handle` returns false or the server ends
    /// the stream.
    /// - Throws: as `followEvents(workspaceID:_:)`.
    @discardableResult
    public func followAllEvents(_ handle: (WorkspaceEvent) async throws -> Bool) async throws -> StreamEnd {
        try await follow("/api/v1/workspaces/events", handle)
    }

    private struct DeletedEvent: Decodable {
        var id: String
    }

    private func follow(_ path: String, _ handle: (WorkspaceEvent) async throws -> Bool) async throws -> StreamEnd {
        let response = try await open(path, accept: "text/event-stream")
        var parser = ServerSentEventParser()
        while let piece = try await read(response, deadline: .now + Self.eventSilenceLimit) {
            for event in try parser.feed(piece.readableView) {
                let data = Data(event.data.utf8)
                let change: WorkspaceEvent
                switch event.event {
                case "phase": change = .phase(try Self.decode(Workspace.self, from: data))
                case "deleted": change = .deleted(id: try Self.decode(DeletedEvent.self, from: data).id)
                default: continue
                }
                if try await !handle(change) { return .stopped }
            }
        }
        return .serverClosed
    }

    /// Reads `GET /api/v1/workspaces/:id/logs` (the image build log, then each task's output) and hands each piece
    /// to `write`; with `follow`, keeps reading new task output until the workspace stops.
    public func logs(
        workspaceID: String, follow: Bool, _ write: ([UInt8]) async throws -> Void
    ) async throws {
        let path = Self.workspacePath(workspaceID) + "/logs" + (follow ? "?follow=1" : "")
        let response = try await open(path, accept: "text/plain")
        // A followed log is quiet while the workspace is: it has no deadline between pieces.
        while let piece = try await read(response, deadline: follow ? nil : .now + Self.logPieceTimeout) {
            try await write(piece.readableArray)
        }
    }

    /// `POST /api/v1/workspaces/:id/exec` with `"stream": true`: runs `command` in the workspace, hands its output
    /// to `write` as it comes, and returns how it ended (with an empty `output`).
    /// - Parameter timeout: how long the command may run; the server's default (60 s) when nil.
    public func execStreaming(
        workspaceID: String, command: [String], timeout: Duration? = nil, _ write: (String) async throws -> Void
    ) async throws -> ExecResult {
        struct Body: Encodable {
            var command: [String]
            var timeout: Double?
            var stream = true
        }
        struct Line: Decodable {
            var output: String?
            var exitCode: Int32?
            var timedOut: Bool?
        }
        let seconds = timeout.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        let response = try await open(
            Self.workspacePath(workspaceID) + "/exec", method: .post,
            body: try Self.json(Body(command: command, timeout: seconds)), accept: "application/x-ndjson")
        let limit = (timeout ?? .seconds(60)) + .seconds(30)
        let deadline = ContinuousClock.now + limit
        var buffered: [UInt8] = []
        while let piece = try await read(response, deadline: deadline) {
            buffered += piece.readableView
            while let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = try Self.decode(Line.self, from: Data(buffered[..<newline]))
                buffered.removeSubrange(...newline)
                if let timedOut = line.timedOut {
                    return ExecResult(exitCode: line.exitCode, output: "", timedOut: timedOut)
                }
                if let output = line.output { try await write(output) }
            }
        }
        throw APIClientError(
            code: .invalidResponse,
            message: "the Swiftpod server at \(server) ended the command's output without saying how it ended")
    }

    /// Sends a request and returns the response once its head arrived with a success status.
    private func open(
        _ path: String, method: HTTPMethod = .get, body: Data? = nil, accept: String
    ) async throws -> HTTPClientResponse {
        let request = try request(method, path, body: body, accept: accept)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .now + timeout)
        } catch {
            throw transportError(error, limit: timeout)
        }
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.collect(maxBytes: 1 << 20, deadline: .now + timeout)) ?? ByteBuffer()
            throw Self.serverError(Answer(status: response.status.code, headers: response.headers, body: body))
        }
        return response
    }

    private func read(_ response: HTTPClientResponse, deadline: ContinuousClock.Instant?) async throws -> ByteBuffer? {
        do {
            return try await response.read(deadline: deadline)
        } catch let error as HTTPClientError where error.code == .timedOut {
            throw APIClientError(
                code: .timedOut, message: "the Swiftpod server at \(server) went silent in the middle of a stream",
                underlying: error)
        } catch {
            throw transportError(error, limit: timeout)
        }
    }
}
