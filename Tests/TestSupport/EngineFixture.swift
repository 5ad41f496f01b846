import ContainerEngine
import Foundation

/// Runs `body` with a client of a Podman service shared by the tests of this process, and a temporary directory of
/// its own. At most `SharedEngine.limit` bodies run at once, so that a 2-core machine is not asked to start many
/// containers and services together; the service starts with the first test and stops when the last one ends.
/// Podman's image store is the machine's, so images outlive the service.
public func withEngine(
    prefix: String = "engine", _ body: @Sendable (EngineClient, TemporaryDirectory) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory(prefix: prefix)
    let client = try await SharedEngine.shared.acquire()
    do {
        try await body(client, directory)
    } catch {
        await SharedEngine.shared.release()
        throw error
    }
    await SharedEngine.shared.release()
}

/// The Podman service the engine tests share, started through the locator in a directory of its own.
actor SharedEngine {
    static let shared = SharedEngine()
    /// How many engine tests run at once.
    static let limit = 2

    private var connection: EngineConnection?
    private var directory: TemporaryDirectory?
    private var starting: Task<EngineConnection, any Error>?
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async throws -> EngineClient {
        while running >= Self.limit {
            await withCheckedContinuation { waiting.append($0) }
        }
        running += 1
        do {
            return try await start().client
        } catch {
            await release()
            throw error
        }
    }

    func release() async {
        running -= 1
        if !waiting.isEmpty {
            waiting.removeFirst().resume()
        } else if running == 0, let connection {
            self.connection = nil
            directory = nil
            await connection.shutdown()
        }
    }

    private func start() async throws -> EngineConnection {
        if let connection { return connection }
        if let starting { return try await starting.value }
        let directory = try TemporaryDirectory(prefix: "shared-engine")
        let task = Task {
            try await EngineLocator.locate(
                environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                dataDirectory: directory.path, candidates: [], logger: .disabled)
        }
        starting = task
        defer { starting = nil }
        let connection = try await task.value
        self.connection = connection
        self.directory = directory
        return connection
    }
}

/// Removes a container that has just ended. Right after a container ended, Podman sometimes answers that its shm
/// mount is busy yet removes it all the same: then it is gone, or going, and a later try finds it removed.
public func removeFinishedContainer(_ client: EngineClient, _ id: String) async throws {
    for attempt in 1...5 {
        do {
            return try await client.removeContainer(id)
        } catch let error as ContainerEngineError where error.code == .notFound && attempt > 1 {
            return
        } catch let error as ContainerEngineError where error.message.contains("device or resource busy") {
            try await Task.sleep(for: .seconds(1))
        }
    }
    throw ContainerEngineError(code: .engineFailure, message: "container \(id) is still busy after 5 tries")
}
