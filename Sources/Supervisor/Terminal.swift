import CSystem
import Foundation
import Synchronization

/// A pseudo-terminal with a process in it: its output kept in a scrollback and fanned out to attached clients, its
/// input written by them.
///
/// NetIO's loop registration is internal to NetIO, so the master side is read on a thread of its own: it waits in
/// `poll` and reads what is there. A workspace has tens of terminals at most, and the thread never touches an event
/// loop. The descriptor is non-blocking, so writes from handlers on the loops never block a loop's thread.
public final class Terminal: Sendable {
    /// An update a client receives: output bytes, or the end of the terminal.
    public typealias Output = AsyncStream<[UInt8]>

    private struct State {
        var scrollback: Scrollback
        var clients: [Int: Output.Continuation] = [:]
        var nextClient = 0
        var ended = false
        var fdOpen = true
    }

    /// The terminal's id in the API.
    public let id: String
    /// The process started in it (a session leader; its process group is the session's).
    public let pid: pid_t
    private let master: Int32
    private let state: Mutex<State>

    /// Opens a PTY and spawns `arguments` in it as a session leader with the PTY as controlling terminal.
    /// - Parameters:
    ///   - id: the terminal's id.
    ///   - arguments: the program and its arguments; the program is an absolute path.
    ///   - environment: the child's whole environment.
    ///   - directory: the child's working directory, or nil for the supervisor's.
    ///   - user: who the child runs as, or nil for the supervisor's own user.
    ///   - scrollbackCapacity: how many bytes of output to keep for clients that attach later.
    public init(
        id: String, arguments: [String], environment: [String: String], directory: String? = nil,
        user: WorkspaceUser? = nil, scrollbackCapacity: Int = 256 << 10
    ) throws {
        var master: Int32 = -1
        var slaveName = [CChar](repeating: 0, count: 128)
        guard csystem_open_pty(&master, &slaveName, slaveName.count) == 0 else {
            throw SupervisorError.system("opening a pseudo-terminal", errno: errno)
        }
        _ = csystem_set_window_size(master, 80, 24)
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }.sorted()
        let pid = withCStrings(arguments) { argv in
            withCStrings(environmentLines) { envp in
                if let user {
                    user.withIdentity { csystem_spawn_in_terminal(arguments[0], argv, envp, slaveName, directory, $0) }
                } else {
                    csystem_spawn_in_terminal(arguments[0], argv, envp, slaveName, directory, nil)
                }
            }
        }
        guard pid > 0 else {
            close(master)
            throw SupervisorError.system("starting \(arguments[0]) in a terminal", errno: -pid)
        }
        self.id = id
        self.pid = pid
        self.master = master
        self.state = Mutex(State(scrollback: Scrollback(capacity: scrollbackCapacity)))
        let thread = Thread { [self] in readUntilEnd() }
        thread.name = "terminal \(id)"
        thread.start()
    }

    /// Whether the terminal's output has ended (every process holding it has gone).
    public var hasEnded: Bool { state.withLock { $0.ended } }

    /// The scrollback so far.
    public var scrollback: [UInt8] { state.withLock { $0.scrollback.bytes } }

    /// Attaches a client: the scrollback so far, then live output until the terminal ends or the client detaches.
    public func attach() -> (replay: [UInt8], output: Output, detach: @Sendable () -> Void) {
        let (output, continuation) = Output.makeStream(bufferingPolicy: .unbounded)
        let (replay, client) = state.withLock { state -> ([UInt8], Int?) in
            if state.ended {
                continuation.finish()
                return (state.scrollback.bytes, nil)
            }
            let client = state.nextClient
            state.nextClient += 1
            state.clients[client] = continuation
            return (state.scrollback.bytes, client)
        }
        let detach: @Sendable () -> Void = { [self] in
            guard let client else { return }
            state.withLock { $0.clients.removeValue(forKey: client) }?.finish()
        }
        return (replay, output, detach)
    }

    /// Writes input to the terminal as if typed; waits while the terminal's input queue is full.
    public func write(_ bytes: [UInt8]) async throws {
        var offset = 0
        while offset < bytes.count {
            let (written, error) = try state.withLock { state -> (Int, Int32) in
                guard state.fdOpen else { throw SupervisorError.terminalEnded(id) }
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
                return (written, errno)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (error == EAGAIN || error == EINTR) {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw SupervisorError.system("writing to terminal \(id)", errno: error)
            }
        }
    }

    /// Sets the window size; the process in it gets SIGWINCH.
    public func resize(columns: UInt16, rows: UInt16) throws {
        try state.withLock { state in
            guard state.fdOpen else { throw SupervisorError.terminalEnded(id) }
            guard csystem_set_window_size(master, columns, rows) == 0 else {
                throw SupervisorError.system("resizing terminal \(id)", errno: errno)
            }
        }
    }

    /// Sends `signal` to the terminal's process group.
    public func signal(_ signal: Int32) {
        kill(-pid, signal)
    }

    private func readUntilEnd() {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 1000)
            if ready < 0 && errno != EINTR { break }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                let bytes = Array(buffer[..<count])
                let clients = state.withLock { state -> [Output.Continuation] in
                    state.scrollback.append(bytes)
                    return Array(state.clients.values)
                }
                for client in clients { client.yield(bytes) }
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                break  // EIO: every process holding the slave side has gone
            }
        }
        let clients = state.withLock { state -> [Output.Continuation] in
            state.ended = true
            state.fdOpen = false
            close(master)
            defer { state.clients.removeAll() }
            return Array(state.clients.values)
        }
        for client in clients { client.finish() }
    }
}

/// Calls `body` with a NULL-terminated C array of `strings`.
private func withCStrings<Result>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
) -> Result {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(&pointers)
}
