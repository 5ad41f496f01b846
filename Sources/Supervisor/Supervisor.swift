import Basics
import Foundation
import HTTPServer
import NetIO
import Synchronization

/// What the supervisor is told at start.
public struct SupervisorOptions: Sendable {
    /// Where the API listens.
    public var socketPath: String
    /// The tasks and their environment.
    public var configuration: SupervisorConfiguration
    /// Whether the workspace is fresh, so tasks run `init`.
    public var fresh: Bool
    /// The working directory of tasks and terminals; nil keeps the supervisor's.
    public var workspaceDirectory: String?
    /// The shell that runs tasks and new terminals.
    public var shell: String
    /// How long processes get after SIGTERM before SIGKILL.
    public var stopGracePeriod: Duration
    /// Who tasks and terminals run as; nil keeps the supervisor's own user.
    public var user: WorkspaceUser?
    /// Headless (prebuild) mode: tasks run `before`, `init` and `prebuild`, never `command`; their output goes to
    /// `headlessLogPath`, and the supervisor ends when they have all ended.
    public var headless: Bool
    /// Where headless mode writes the tasks' output.
    public var headlessLogPath: String?

    public init(
        socketPath: String, configuration: SupervisorConfiguration = SupervisorConfiguration(), fresh: Bool = false,
        workspaceDirectory: String? = nil, shell: String = "/bin/bash", stopGracePeriod: Duration = .seconds(10),
        user: WorkspaceUser? = nil, headless: Bool = false, headlessLogPath: String? = nil
    ) {
        self.socketPath = socketPath
        self.configuration = configuration
        self.fresh = fresh
        self.workspaceDirectory = workspaceDirectory
        self.shell = shell
        self.stopGracePeriod = stopGracePeriod
        self.user = user
        self.headless = headless
        self.headlessLogPath = headlessLogPath
    }
}

/// The workspace supervisor: runs the tasks in terminals, serves terminals, detects ports and answers its API.
public final class Supervisor: Sendable {
    /// A task's configuration, state and terminal.
    public struct TaskRecord: Sendable {
        public var id: String
        public var configuration: TaskConfiguration
        public var state: TaskState
        public var terminalID: String?
    }

    private struct State {
        var tasks: [TaskRecord]
        var terminals: [String: Terminal] = [:]
        var terminalOrder: [String] = []
        var nextTerminal = 1
        var server: HTTPServer?
        var stopping = false
        var tasksStarted = false
    }

    public let options: SupervisorOptions
    /// The listening ports, polled.
    public let ports: PortWatcher
    /// Exit statuses of every child.
    public let children: ChildProcesses
    /// When a user last did something in the workspace.
    public let activity = ActivityClock()
    /// The names `gp sync-done` marked done, and the `gp sync-await`s waiting for them.
    public let syncPoints = SyncPoints()
    /// The workspace's files, as the browser IDE reads and writes them.
    public let files: WorkspaceFiles
    /// What the browser IDE is asked to do: open files, show previews, announce ports.
    public let ideEvents = IDEEvents()
    private let logger: Logger
    private let runDirectory: String
    private let state: Mutex<State>

    public init(
        options: SupervisorOptions, ports: PortWatcher = PortWatcher(), children: ChildProcesses = ChildProcesses(),
        logger: Logger
    ) throws {
        self.options = options
        self.ports = ports
        self.children = children
        self.logger = logger
        files = WorkspaceFiles(
            root: options.configuration.workspaceRoot ?? options.workspaceDirectory
                ?? FileManager.default.currentDirectoryPath,
            user: options.user)
        let template = NSTemporaryDirectory() + "swiftpod-supervisor-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw SupervisorError.system("creating a run directory", errno: errno) }
        runDirectory = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Tasks write their status files here as the workspace user.
        if let user = options.user { chown(runDirectory, user.uid, user.gid) }
        let tasks = options.configuration.tasks.enumerated().map { index, task in
            TaskRecord(id: "\(index + 1)", configuration: task, state: .pending)
        }
        state = Mutex(State(tasks: tasks))
    }

    /// The tasks and their states.
    public var tasks: [TaskRecord] { state.withLock { $0.tasks } }

    /// Whether every task has been started (or has failed to start): the workspace is ready for its user.
    public var isReady: Bool { state.withLock { $0.tasksStarted } }

    /// The exit status of the tasks in headless mode: 0 when every task succeeded, else the first failing task's.
    public var headlessExitStatus: Int32 {
        for task in tasks {
            switch task.state {
            case .exited(let code) where code != 0: return code
            case .failed(_, let code): return code
            case .pending, .running: return 1
            case .exited: continue
            }
        }
        return 0
    }

    /// The open terminals, oldest first.
    public var terminals: [Terminal] {
        state.withLock { state in state.terminalOrder.compactMap { state.terminals[$0] } }
    }

    /// The terminal with `id`, if it is open.
    public func terminal(id: String) -> Terminal? { state.withLock { $0.terminals[id] } }

    /// Binds the API's socket, replacing a stale socket file.
    public func bind() async throws {
        unlink(options.socketPath)
        var configuration = HTTPServerConfiguration(address: .unix(path: options.socketPath))
        // Tunnels and attached terminals are long-lived; once the processes have stopped, do not wait long for them.
        configuration.shutdownGracePeriod = .seconds(2)
        let server = HTTPServer(
            configuration: configuration,
            responder: SupervisorAPI(supervisor: self), logger: logger)
        _ = try await server.bind()
        // The workspace user's `gp` connects to it too (connecting to a unix socket needs write permission).
        chmod(options.socketPath, 0o666)
        state.withLock { $0.server = server }
    }

    /// Serves the API, runs the tasks and polls ports until `shutdown()`.
    public func run() async throws {
        if state.withLock({ $0.server == nil }) { try await bind() }
        guard let server = state.withLock({ $0.server }) else { return }
        // The server's end (after `shutdown()`, or on an error) ends the rest; the other children may end sooner.
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await server.run()
                return true
            }
            group.addTask {
                await self.ports.run { ports in
                    self.logger.debug(
                        "listening ports changed",
                        ["ports": ports.map { "\($0.address):\($0.port)" }.joined(separator: " ")])
                }
                return false
            }
            group.addTask {
                await self.children.run()
                return false
            }
            group.addTask {
                await self.ideEvents.announcePorts(from: self.ports, configuration: self.options.configuration)
                return false
            }
            let count = tasks.count
            group.addTask {
                await withTaskGroup(of: Void.self) { tasks in
                    for index in 0..<count { tasks.addTask { await self.runTask(at: index) } }
                    while !self.state.withLock({ $0.tasks.allSatisfy { $0.state != .pending } }) {
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                    self.state.withLock { $0.tasksStarted = true }
                    await tasks.waitForAll()
                }
                // In headless mode the tasks' end is the supervisor's end.
                return self.options.headless
            }
            for try await ended in group where ended { break }
            await stopProcesses()
            await server.shutdown()
            group.cancelAll()
        }
        try? FileManager.default.removeItem(atPath: runDirectory)
    }

    /// Stops every process (SIGTERM, then SIGKILL after the grace period) and then the API server.
    public func shutdown() async {
        syncPoints.close()
        ideEvents.close()
        await stopProcesses()
        ports.close()
        let server = state.withLock { $0.server }
        await server?.shutdown()
    }

    /// Opens a terminal with a login shell.
    @discardableResult
    public func openTerminal(arguments: [String]? = nil, environment: [String: String] = [:]) throws -> Terminal {
        let id = state.withLock { state -> String in
            defer { state.nextTerminal += 1 }
            return "\(state.nextTerminal)"
        }
        let terminal = try Terminal(
            id: id, arguments: arguments ?? [options.shell, "-l"], environment: baseEnvironment(adding: environment),
            directory: options.workspaceDirectory, user: options.user)
        children.track(terminal.pid)
        state.withLock { state in
            state.terminals[id] = terminal
            state.terminalOrder.append(id)
        }
        return terminal
    }

    /// Hangs up a terminal's processes and forgets it; false when there is no such terminal.
    @discardableResult
    public func closeTerminal(id: String) -> Bool {
        let terminal = state.withLock { state -> Terminal? in
            state.terminalOrder.removeAll { $0 == id }
            return state.terminals.removeValue(forKey: id)
        }
        guard let terminal else { return false }
        terminal.signal(SIGHUP)
        terminal.signal(SIGCONT)
        return true
    }

    private func runTask(at index: Int) async {
        let (task, id) = state.withLock { ($0.tasks[index].configuration, $0.tasks[index].id) }
        let statusFile = "\(runDirectory)/task-\(id).status"
        let script = TaskScript.chain(
            for: task, mode: options.headless ? .headless : .start(fresh: options.fresh), statusFile: statusFile)
        let terminal: Terminal
        do {
            terminal = try openTerminal(arguments: [options.shell, "-lc", script], environment: task.env ?? [:])
        } catch {
            logger.error("task \(id) could not start: \(error)")
            setTaskState(index, .failed(step: .before, code: 127))
            return
        }
        state.withLock { state in
            state.tasks[index].state = .running
            state.tasks[index].terminalID = terminal.id
        }
        let log = options.headless ? headlessLog(for: terminal, taskID: id, name: task.name) : nil
        let code = await children.exitCode(of: terminal.pid)
        await log?.value
        let final = TaskScript.finalState(
            exitCode: code, statusFileText: try? String(contentsOfFile: statusFile, encoding: .utf8))
        setTaskState(index, final)
        logger.info("task \(id) ended: \(final)")
    }

    /// Appends a terminal's output to the headless log, each line prefixed by the task, until the terminal ends.
    private func headlessLog(for terminal: Terminal, taskID: String, name: String?) -> Task<Void, Never>? {
        guard let path = options.headlessLogPath else { return nil }
        let (replay, output, _) = terminal.attach()
        let prefix = Array("[\(name ?? "task \(taskID)")] ".utf8)
        return Task {
            let file = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard file >= 0 else {
                logger.error("cannot write the headless log \(path): \(String(cString: strerror(errno)))")
                return
            }
            defer { close(file) }
            var atLineStart = true
            func append(_ bytes: [UInt8]) {
                var lines: [UInt8] = []
                for byte in bytes {
                    if atLineStart { lines += prefix }
                    lines.append(byte)
                    atLineStart = byte == UInt8(ascii: "\n")
                }
                FileDescriptorWriter.writeAll(lines, to: file)
            }
            append(replay)
            for await bytes in output { append(bytes) }
        }
    }

    private func setTaskState(_ index: Int, _ taskState: TaskState) {
        state.withLock { $0.tasks[index].state = taskState }
    }

    /// The directory of the running supervisor binary.
    private static let executableDirectory: String? = {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        return (path as NSString).deletingLastPathComponent
    }()

    private func baseEnvironment(adding extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        if let user = options.user { environment.merge(user.environment) { $1 } }
        // `gp` sits beside the supervisor (both are mounted into the workspace) and finds it through this socket.
        environment["SWIFTPOD_SUPERVISOR_SOCKET"] = options.socketPath
        if let directory = Self.executableDirectory, FileManager.default.isExecutableFile(atPath: directory + "/gp") {
            environment["PATH"] = directory + ":" + (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        }
        environment.merge(options.configuration.env) { $1 }
        environment.merge(extra) { $1 }
        return environment
    }

    /// SIGTERM (and SIGHUP, which interactive shells heed) to every terminal's process group; SIGKILL to those
    /// still there after the grace period.
    private func stopProcesses() async {
        let terminals = state.withLock { state -> [Terminal] in
            state.stopping = true
            return Array(state.terminals.values)
        }
        for terminal in terminals {
            terminal.signal(SIGTERM)
            terminal.signal(SIGHUP)
            terminal.signal(SIGCONT)
        }
        let deadline = ContinuousClock.now + options.stopGracePeriod
        while ContinuousClock.now < deadline, terminals.contains(where: { children.isRunning($0.pid) }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for terminal in terminals where children.isRunning(terminal.pid) { terminal.signal(SIGKILL) }
        // Wait for the sweep to collect the killed, so that the tasks waiting for their exit codes finish.
        let reapDeadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < reapDeadline, terminals.contains(where: { children.isRunning($0.pid) }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
