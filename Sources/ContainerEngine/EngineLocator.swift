import Basics
import Foundation
import Glibc
import HTTPClient
import Subprocess

/// A connected engine, and the Podman service behind it when Swiftpod started one.
public final class EngineConnection: Sendable {
    public let client: EngineClient
    /// Where the socket was found: `explicit`, `DOCKER_HOST`, `well-known`, or `started`.
    public let source: String
    /// The `podman system service` Swiftpod started, if it did.
    public let service: ChildProcess?
    /// Where the started service's process ID is recorded, so that a later run can stop it after a crash.
    let pidFile: String?

    init(client: EngineClient, source: String, service: ChildProcess?, pidFile: String? = nil) {
        self.client = client
        self.source = source
        self.service = service
        self.pidFile = pidFile
    }

    /// Stops the engine service if Swiftpod started it (SIGTERM, then SIGKILL after `gracePeriod`).
    public func shutdown(gracePeriod: Duration = .seconds(5)) async {
        client.http.closeIdleConnections()
        guard let service else { return }
        await service.terminate(gracePeriod: gracePeriod)
        if let pidFile { try? FileManager.default.removeItem(atPath: pidFile) }
    }
}

/// Finds the container engine: an explicit socket, then `DOCKER_HOST`, then the usual sockets; when none answers,
/// starts `podman system service` on a socket in the data directory.
public enum EngineLocator {
    /// The sockets Podman and Docker usually listen on, in the order they are tried.
    public static func wellKnownSockets(environment: [String: String]) -> [String] {
        var paths = ["/run/podman/podman.sock", "/var/run/docker.sock"]
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            paths.append("\(runtime)/podman/podman.sock")
        }
        return paths
    }

    /// The socket path of an engine URL: `unix:///path` or a plain absolute path.
    /// - Throws: `.badRequest` for anything else (such as `tcp://`, which this client does not speak).
    public static func socketPath(fromURL url: String) throws -> String {
        if url.hasPrefix("unix://") {
            let path = String(url.dropFirst("unix://".count))
            if path.hasPrefix("/") { return path }
        } else if url.hasPrefix("/") {
            return url
        }
        throw ContainerEngineError(
            code: .badRequest, message: "engine address '\(url)' is not supported: use unix:///path/to/socket")
    }

    /// Finds or starts an engine and connects to it.
    /// - Parameters:
    ///   - explicit: the `--engine` value (`unix:///path`); when given, only it is tried.
    ///   - environment: where `DOCKER_HOST` and `XDG_RUNTIME_DIR` come from.
    ///   - dataDirectory: Swiftpod's data directory; a started Podman listens on `<dataDirectory>/engine/podman.sock`
    ///     and logs to `<dataDirectory>/engine/podman.log`.
    ///   - candidates: the sockets to try after `DOCKER_HOST`; the well-known ones when nil.
    ///   - podmanExecutable: the `podman` to start; looked up on `PATH` when nil.
    ///   - startTimeout: how long a started Podman has to answer.
    public static func locate(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        dataDirectory: String, candidates: [String]? = nil, podmanExecutable: String? = nil,
        startTimeout: Duration = .seconds(30), http: HTTPClient = .shared, logger: Logger
    ) async throws -> EngineConnection {
        if let explicit {
            let path = try socketPath(fromURL: explicit)
            let client = try await EngineClient.connect(socketPath: path, http: http)
            logger.info("using the container engine at \(path)", ["engine.source": "explicit"])
            return EngineConnection(client: client, source: "explicit", service: nil)
        }
        var tried: [String] = []
        if let host = environment["DOCKER_HOST"], !host.isEmpty {
            let path = try socketPath(fromURL: host)
            let client = try await EngineClient.connect(socketPath: path, http: http)
            logger.info("using the container engine at \(path)", ["engine.source": "DOCKER_HOST"])
            return EngineConnection(client: client, source: "DOCKER_HOST", service: nil)
        }
        for path in candidates ?? wellKnownSockets(environment: environment) {
            tried.append(path)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                let client = try await EngineClient.connect(socketPath: path, http: http, deadline: .now + .seconds(3))
                logger.info("using the container engine at \(path)", ["engine.source": "well-known"])
                return EngineConnection(client: client, source: "well-known", service: nil)
            } catch {
                logger.debug("no engine answers at \(path): \(error)")
            }
        }
        guard let podman = podmanExecutable ?? findExecutable("podman", environment: environment) else {
            throw ContainerEngineError(
                code: .engineNotFound,
                message: "no container engine answered (tried \(tried.joined(separator: ", "))) and podman is not "
                    + "installed: install podman (scripts/setup) or pass --engine unix:///path/to/socket")
        }
        return try await startPodman(
            podman, dataDirectory: dataDirectory, timeout: startTimeout, http: http, logger: logger)
    }

    /// Starts `podman system service --time=0` on `<dataDirectory>/engine/podman.sock` and waits until it answers.
    public static func startPodman(
        _ podman: String, dataDirectory: String, timeout: Duration = .seconds(30), http: HTTPClient = .shared,
        logger: Logger
    ) async throws -> EngineConnection {
        let directory = "\(dataDirectory)/engine"
        let socket = "\(directory)/podman.sock"
        let logPath = "\(directory)/podman.log"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ContainerEngineError(
                code: .startFailed, message: "cannot create \(directory): \(error)", underlying: error)
        }
        try? FileManager.default.removeItem(atPath: socket)
        let pidFile = "\(directory)/podman.pid"
        await stopLeftoverService(pidFile: pidFile, socket: socket, logger: logger)
        try? FileManager.default.removeItem(atPath: logPath)
        logger.info("starting podman system service", ["engine.socket": socket])
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: podman, arguments: ["system", "service", "--time=0", "unix://\(socket)"],
                outputPath: logPath)
        } catch {
            throw ContainerEngineError(code: .startFailed, message: "\(error)", underlying: error)
        }
        try? "\(child.pid)\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            if !child.isRunning {
                throw ContainerEngineError(
                    code: .startFailed,
                    message: "podman system service \(child.exitDescription): \(tail(of: logPath))")
            }
            if FileManager.default.fileExists(atPath: socket) {
                do {
                    let client = try await EngineClient.connect(
                        socketPath: socket, http: http, deadline: min(deadline, .now + .seconds(5)))
                    logger.info(
                        "podman system service is ready",
                        ["engine.socket": socket, "engine.version": client.engineVersion.version])
                    return EngineConnection(client: client, source: "started", service: child, pidFile: pidFile)
                } catch {
                    lastError = error
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        await child.terminate(gracePeriod: .seconds(2))
        throw ContainerEngineError(
            code: .startFailed,
            message: "podman system service did not answer on \(socket) within \(timeout)"
                + (lastError.map { " (\($0))" } ?? "") + ": \(tail(of: logPath))",
            underlying: lastError)
    }

    /// Stops a service a previous run started on `socket` and never stopped (it crashed): the process recorded in
    /// `pidFile`, if it is still that podman service.
    static func stopLeftoverService(pidFile: String, socket: String, logger: Logger) async {
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
            let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return }
        let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard arguments.contains("service"), arguments.contains("unix://\(socket)"), isAlive(pid) else { return }
        logger.notice("stopping a podman service left over from an earlier run", ["engine.pid": String(pid)])
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(5)
        while isAlive(pid) && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if isAlive(pid) { kill(pid, SIGKILL) }
    }

    /// Whether a process exists and has not ended (a zombie has ended).
    private static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[close...].dropFirst(2).first
        return state != nil && state != "Z" && state != "X"
    }

    /// The path of `name` in one of `PATH`'s directories, if it is executable there.
    public static func findExecutable(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The last lines of a log file, for error messages.
    private static func tail(of path: String, maxBytes: Int = 2000) -> String {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            return "(it wrote nothing)"
        }
        let text = String(decoding: data.suffix(maxBytes), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
