import Basics
import Foundation
import HTTPServer
import NetIO
import Synchronization
import WorkspaceManager

/// The open server channels of the workspaces, one `HTTPServer` on each workspace's `run/server.sock`: the
/// `WorkspaceChannelHost` the workspace manager opens and closes them through.
public final class WorkspaceServerChannels: WorkspaceChannelHost {
    private enum Entry {
        /// Binding; a second open at the same time does nothing.
        case opening
        case open(server: HTTPServer, task: Task<Void, Never>)
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    private let dependencies: WorkspaceChannelDependencies
    private let logger: Logger

    public init(dependencies: WorkspaceChannelDependencies, logger: Logger) {
        self.dependencies = dependencies
        self.logger = logger
    }

    public func openChannel(workspaceID: String, directory: WorkspaceDirectory) async throws {
        let claimed = state.withLock { state -> Bool in
            guard !state.closed, state.entries[workspaceID] == nil else { return false }
            state.entries[workspaceID] = .opening
            return true
        }
        guard claimed else { return }
        let path = directory.serverSocketPath
        var configuration = HTTPServerConfiguration(address: .unix(path: path))
        configuration.maxConnections = 16
        configuration.shutdownGracePeriod = .seconds(2)
        let server = HTTPServer(
            configuration: configuration,
            responder: WorkspaceServerChannel(workspaceID: workspaceID, dependencies: dependencies),
            logger: logger.with("workspace.id", workspaceID))
        do {
            try await server.bind()
            try Self.allowEveryone(path)
        } catch {
            await server.shutdown()
            state.withLock { _ = $0.entries.removeValue(forKey: workspaceID) }
            throw WorkspaceChannelError(message: "cannot listen on \(path) for workspace \(workspaceID): \(error)")
        }
        let task = Task {
            do {
                try await server.run()
            } catch {
                self.logger.warning(
                    "the server channel of workspace \(workspaceID) ended: \(error)", ["workspace.id": workspaceID])
            }
        }
        let kept = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.entries[workspaceID] = .open(server: server, task: task)
            return true
        }
        if !kept {
            await server.shutdown()
            await task.value
            return
        }
        logger.info("opened the server channel of workspace \(workspaceID)", ["workspace.id": workspaceID])
    }

    public func closeChannel(workspaceID: String) async {
        let entry = state.withLock { state -> Entry? in
            guard case .open = state.entries[workspaceID] else { return nil }
            return state.entries.removeValue(forKey: workspaceID)
        }
        guard case .open(let server, let task) = entry else { return }
        await server.shutdown()
        await task.value
        logger.info("closed the server channel of workspace \(workspaceID)", ["workspace.id": workspaceID])
    }

    public func openChannels() async -> Set<String> {
        state.withLock { state in
            Set(state.entries.compactMap { id, entry in if case .open = entry { id } else { nil } })
        }
    }

    /// Closes every channel; no channel opens afterwards.
    public func closeAll() async {
        let ids = state.withLock { state in
            state.closed = true
            return Array(state.entries.keys)
        }
        for id in ids { await closeChannel(workspaceID: id) }
    }

    /// Mode 0666, so that the container's root and the workspace user reach the socket (connecting needs write
    /// permission). Never through a symbolic link: the container owns `run/` and could put one in the socket's place.
    static func allowEveryone(_ path: String) throws {
        guard fchmodat(AT_FDCWD, path, 0o666, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw WorkspaceChannelError(
                message: "cannot make \(path) reachable from the workspace: \(String(cString: strerror(errno)))")
        }
    }
}

/// A workspace's server channel could not open.
public struct WorkspaceChannelError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
