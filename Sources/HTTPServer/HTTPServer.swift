import Basics
import HTTP
import NetIO
import Synchronization

/// An HTTP/1.1 server: accepts connections and serves each in its own child task.
///
/// `run()` serves until `shutdown()` (or cancellation): then it stops accepting, closes idle keep-alive connections,
/// lets requests in flight finish for the grace period, closes what is left, and returns.
public actor HTTPServer {
    enum State {
        case initial
        case listening(SocketListener)
        case running(SocketListener)
        case stopping
        case stopped
    }

    public nonisolated let configuration: HTTPServerConfiguration
    nonisolated let responder: any HTTPResponder
    nonisolated let logger: Logger
    nonisolated let connections = ConnectionRegistry()
    private var state: State = .initial

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// Binds the listening socket.
    /// - Returns: the bound address (with the kernel's port when the configuration asked for port 0).
    @discardableResult
    public func bind() throws -> SocketAddress {
        switch state {
        case .initial:
            let listener = try SocketListener(address: configuration.address)
            state = .listening(listener)
            return listener.address
        case .listening(let listener), .running(let listener):
            return listener.address
        case .stopping, .stopped:
            throw NetIOError.closed
        }
    }

    /// Serves connections until `shutdown()` is called or the task is cancelled.
    public func run() async throws {
        try bind()
        guard case .listening(let listener) = state else { return }
        state = .running(listener)
        logger.info("listening", ["http.address": listener.address.description])
        await withTaskCancellationHandler {
            await acceptConnections(from: listener)
        } onCancel: {
            Task { await self.shutdown() }
        }
        state = .stopped
        logger.info("stopped", ["http.address": listener.address.description])
    }

    /// Starts a graceful shutdown; `run()` returns once it completes.
    public func shutdown() {
        guard case .running(let listener) = state else {
            if case .listening(let listener) = state {
                listener.close()
                state = .stopped
            }
            return
        }
        state = .stopping
        listener.close()
        connections.beginShutdown()
    }

    /// Accepts until the listener closes, then waits for the connections to finish, up to the grace period.
    private nonisolated func acceptConnections(from listener: SocketListener) async {
        let slots = ConnectionSlots(limit: configuration.maxConnections)
        let registry = connections
        let grace = configuration.shutdownGracePeriod
        await withDiscardingTaskGroup { group in
            while true {
                do {
                    try await slots.acquire()
                    let loop = EventLoop.next()
                    let socket = try await listener.accept(on: loop)
                    let connection = HTTPServerConnection(server: self, socket: socket)
                    group.addTask(executorPreference: loop) {
                        await connection.serve()
                        slots.release()
                    }
                } catch {
                    break
                }
            }
            let deadline = ContinuousClock.now + grace
            while registry.count > 0 && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            registry.closeAll()
        }
    }
}

/// The connections of a server, so a shutdown can close the idle ones and, after the grace period, all of them.
final class ConnectionRegistry: Sendable {
    private struct State {
        var connections: [ObjectIdentifier: HTTPServerConnection] = [:]
        var shuttingDown = false
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.connections.count } }
    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Adds a connection; false when the server is shutting down and it should close at once.
    func add(_ connection: HTTPServerConnection) -> Bool {
        state.withLock { state in
            guard !state.shuttingDown else { return false }
            state.connections[ObjectIdentifier(connection)] = connection
            return true
        }
    }

    func remove(_ connection: HTTPServerConnection) {
        _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    func beginShutdown() {
        let connections = state.withLock { state in
            state.shuttingDown = true
            return Array(state.connections.values)
        }
        for connection in connections { connection.closeIfIdle() }
    }

    func closeAll() {
        let connections = state.withLock { Array($0.connections.values) }
        for connection in connections { connection.forceClose() }
    }
}

/// A counting semaphore for the connection limit.
final class ConnectionSlots: Sendable {
    private struct State {
        var available: Int
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: limit))
    }

    func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.available += 1
            return nil
        }
        waiter?.resume()
    }
}
