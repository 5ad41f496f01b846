import CSystem
import Foundation
import Glibc
import Synchronization

/// A child process started with `posix_spawn`, with a clean signal state, that can be stopped gracefully.
///
/// Threads of Swift's concurrency pool block signals, and a spawned child inherits that mask: a child started
/// from them would ignore SIGTERM. So the child gets an empty signal mask and default signal actions
/// (`POSIX_SPAWN_SETSIGMASK`, `POSIX_SPAWN_SETSIGDEF`). Arguments are an array, never a shell line.
public final class ChildProcess: Sendable {
    /// The child's process ID.
    public let pid: pid_t
    /// The program that was started.
    public let executable: String
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`, standard input from /dev/null and both outputs appended to `outputPath`
    /// (or discarded when nil).
    /// - Throws: `ChildProcessError` when the program cannot be started.
    public init(
        executable: String, arguments: [String], environment: [String: String]? = nil, outputPath: String? = nil
    ) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let output = outputPath ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Descriptors the parent opened without close-on-exec (pipes of other children, say) must not leak into
        // this child and its descendants, where they would keep those pipes open.
        csystem_spawn_actions_close_from(&actions, 3)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environmentPairs = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environmentPairs.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChildProcessError(executable: executable, errno: result)
        }
        self.pid = pid
        self.executable = executable
    }

    /// The exit status once the child has ended (its `waitpid` status), without waiting.
    public var exitStatus: Int32? {
        status.withLock { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            }
            return status
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool { exitStatus == nil }

    /// A readable account of how the child ended.
    public var exitDescription: String {
        guard let raw = exitStatus else { return "still running" }
        let signal = raw & 0x7f
        return signal == 0 ? "exited with status \((raw >> 8) & 0xff)" : "killed by signal \(signal)"
    }

    /// Sends `signal` to the child, unless it has already ended.
    public func send(_ signal: Int32) {
        guard isRunning else { return }
        kill(pid, signal)
    }

    /// Waits up to `timeout` for the child to end; returns whether it did.
    public func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Stops the child: SIGTERM, then SIGKILL when it has not ended after `gracePeriod`; waits for it to end.
    public func terminate(gracePeriod: Duration = .seconds(5)) async {
        send(SIGTERM)
        if await waitForExit(timeout: gracePeriod) { return }
        send(SIGKILL)
        _ = await waitForExit(timeout: .seconds(5))
    }
}
