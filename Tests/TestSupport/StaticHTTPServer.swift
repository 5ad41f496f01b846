import Foundation
import Subprocess

/// `python3 -m http.server` serving a directory on a free loopback port, for git's dumb HTTP protocol.
public final class StaticHTTPServer: Sendable {
    let process: ChildProcess
    /// The loopback port it listens on.
    public let port: Int
    private let log: TemporaryDirectory

    /// Starts the server on `directory` and waits until it reports its port.
    public init(serving directory: String) async throws {
        log = try TemporaryDirectory(prefix: "http-server")
        let logPath = "\(log.path)/server.log"
        let candidates: [String] = ["/usr/bin/python3", "/usr/local/bin/python3"]
        guard let python = candidates.first(where: { access($0, X_OK) == 0 })
        else { throw FixtureFailure(description: "python3 is not installed") }
        process = try ChildProcess(
            executable: python,
            arguments: ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", directory, "0"],
            outputPath: logPath)
        let deadline = ContinuousClock.now + TestTimeout.loopback
        while true {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"port (\d+)"#, options: .regularExpression),
                let port = Int(text[range].dropFirst(5))
            {
                self.port = port
                break
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                await process.terminate()
                throw FixtureFailure(description: "python3 -m http.server did not start: \(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the server.
    public func stop() async {
        await process.terminate(gracePeriod: .seconds(2))
    }
}
