import Basics
import HTTPServer

/// Runs `server` until SIGINT or SIGTERM, then shuts it down gracefully and returns.
/// - Parameter alongside: work that runs while the server does (the reconciler) and is cancelled when it stops.
public func serveUntilTerminated(
    _ server: HTTPServer, logger: Logger, alongside: [@Sendable () async -> Void] = []
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        group.addTask {
            let number = await TerminationSignal.wait()
            logger.info("shutting down", ["signal": String(number)])
            await server.shutdown()
        }
        try await withThrowingTaskGroup(of: Void.self) { background in
            for work in alongside { background.addTask { await work() } }
            try await group.next()
            background.cancelAll()
        }
        group.cancelAll()
    }
}
