import Basics
import CSystem
import Dispatch
import Foundation

/// `swiftpod-supervisor [--socket PATH] [--config PATH] [--fresh] [--workspace-dir DIR] [--stop-grace-period S]
/// [--user NAME|UID] [--headless [--headless-log PATH]]`: parses the options, runs the supervisor, and stops it on
/// SIGTERM or SIGINT: its processes get SIGTERM, then SIGKILL after the grace period. In headless mode it exits by
/// itself when the tasks have ended, with their status.
public enum SupervisorCommand {
    /// The options from the command line.
    /// - Throws: `SupervisorError` naming the option at fault, or the configuration file's problem.
    public static func options(from arguments: [String]) throws -> SupervisorOptions {
        var options = SupervisorOptions(socketPath: "/.swiftpod/run/supervisor.sock")
        var remaining = arguments[...]
        func value(for option: String) throws -> String {
            guard let value = remaining.popFirst(), !value.hasPrefix("--") else {
                throw SupervisorError(code: .invalidConfiguration, message: "\(option) needs a value")
            }
            return value
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--socket": options.socketPath = try value(for: argument)
            case "--config": options.configuration = try SupervisorConfiguration.load(path: value(for: argument))
            case "--fresh": options.fresh = true
            case "--user": options.user = try WorkspaceUser.lookUp(value(for: argument))
            case "--headless": options.headless = true
            case "--headless-log": options.headlessLogPath = try value(for: argument)
            case "--workspace-dir": options.workspaceDirectory = try value(for: argument)
            case "--stop-grace-period":
                let text = try value(for: argument)
                guard let seconds = Double(text), seconds >= 0 else {
                    throw SupervisorError(
                        code: .invalidConfiguration, message: "--stop-grace-period '\(text)' is not a number of seconds"
                    )
                }
                options.stopGracePeriod = .milliseconds(Int(seconds * 1000))
            default:
                throw SupervisorError(
                    code: .invalidConfiguration,
                    message:
                        "unknown option '\(argument)': expected --socket, --config, --fresh, --workspace-dir, "
                        + "--stop-grace-period, --user, --headless or --headless-log"
                )
            }
        }
        if options.headless && options.headlessLogPath == nil {
            let directory = (options.socketPath as NSString).deletingLastPathComponent
            options.headlessLogPath = (directory.isEmpty ? "." : directory) + "/headless.log"
        }
        return options
    }

    /// Runs the supervisor with the process's arguments; returns the exit code.
    public static func main() async -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGINT, SIGTERM] {
            sigaddset(&set, number)
            signal(number, SIG_IGN)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        csystem_ignore_sigpipe()
        let logger = Logger(
            label: "supervisor",
            handler: StreamLogHandler(format: .logfmt) { FileHandle.standardError.write(Data($0.utf8)) })
        do {
            let options = try options(from: Array(CommandLine.arguments.dropFirst()))
            // Reap every orphan: as PID 1 in a container, or as a subreaper of its own descendants elsewhere.
            let reapsOrphans = getpid() == 1 || csystem_become_subreaper() == 0
            let supervisor = try Supervisor(
                options: options, children: ChildProcesses(reapsOrphans: reapsOrphans), logger: logger)
            try await supervisor.bind()
            logger.info("supervisor listening on \(options.socketPath)")
            let sources = [SIGINT, SIGTERM].map { number in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    logger.info("stopping on signal \(number)")
                    Task { await supervisor.shutdown() }
                }
                source.resume()
                return source
            }
            defer { for source in sources { source.cancel() } }
            try await supervisor.run()
            if options.headless {
                let status = supervisor.headlessExitStatus
                logger.info("headless tasks ended", ["status": "\(status)"])
                return status
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("swiftpod-supervisor: \(error)\n".utf8))
            return 1
        }
    }
}
