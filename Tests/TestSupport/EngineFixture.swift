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
