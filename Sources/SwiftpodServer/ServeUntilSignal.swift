import Basics
import HTTPServer

/// Runs `server` until SIGINT or SIGTERM, then shuts it down gracefully and returns.
public func serveUntilTerminated(_ server: HTTPServer, logger: Logger) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        group.addTask {
            let number = await TerminationSignal.wait()
            logger.info("shutting down", ["signal": String(number)])
            await server.shutdown()
        }
        try await group.next()
        group.cancelAll()
    }
}
