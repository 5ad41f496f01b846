import ContainerEngine
import Foundation

/// Starts a private `podman system service` for one test through the locator, and stops it afterwards. Podman's
/// image store is the machine's, so images outlive the service.
public func withEngine(
    prefix: String = "engine", _ body: @Sendable (EngineClient, TemporaryDirectory) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory(prefix: prefix)
    let connection = try await EngineLocator.locate(
        environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
        dataDirectory: directory.path, candidates: [], logger: .disabled)
    do {
        try await body(connection.client, directory)
    } catch {
        await connection.shutdown()
        throw error
    }
    await connection.shutdown()
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
