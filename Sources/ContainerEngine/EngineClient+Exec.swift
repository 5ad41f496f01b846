import Basics
import Foundation
import HTTP
import HTTPClient
import NetIO

/// The output and exit code of a command run in a container.
public struct ExecResult: Sendable {
    public var exitCode: Int
    public var output: ProcessOutput
}

extension EngineClient {
    /// Runs a command in a running container and returns its output and exit code.
    ///
    /// Creates an exec instance, starts it on a hijacked connection (`Upgrade: tcp`), decodes the multiplexed output
    /// until the command ends, then asks the engine for the exit code.
    /// - Parameters:
    ///   - timeout: how long the whole command may take.
    ///   - maxOutputBytes: the most output to keep; more is an error.
    public func exec(
        _ id: String, command: [String], environment: [String] = [], workingDirectory: String? = nil,
        user: String? = nil, timeout: Duration = .seconds(60), maxOutputBytes: Int = 16 << 20
    ) async throws -> ExecResult {
        let deadline = ContinuousClock.now + timeout
        struct CreateBody: Encodable {
            var attachStdout = true
            var attachStderr = true
            var command: [String]
            var environment: [String]
            var workingDirectory: String?
            var user: String?
            private enum CodingKeys: String, CodingKey {
                case attachStdout = "AttachStdout", attachStderr = "AttachStderr", command = "Cmd", environment = "Env"
                case workingDirectory = "WorkingDir", user = "User"
            }
        }
        let created = try await sendJSON(
            CreatedObject.self,
            request(
                .post, "/containers/\(Self.percentEncode(id))/exec", headers: EngineClient.jsonHeaders,
                body: try EngineClient.encode(
                    CreateBody(
                        command: command, environment: environment, workingDirectory: workingDirectory, user: user))),
            deadline: deadline)

        var headers = EngineClient.jsonHeaders
        headers.add(name: "Connection", value: "Upgrade")
        headers.add(name: "Upgrade", value: "tcp")
        let response = try await open(
            request(
                .post, "/exec/\(created.id)/start", headers: headers,
                body: .bytes(ByteBuffer(string: #"{"Detach":false,"Tty":false}"#))),
            deadline: deadline)
        var decoder = MultiplexedStreamDecoder()
        var output = ProcessOutput()
        var total = 0
        func drain() throws {
            while let frame = try decoder.next() {
                total += frame.payload.count
                guard total <= maxOutputBytes else {
                    throw ContainerEngineError(
                        code: .invalidResponse, message: "the command wrote more than \(maxOutputBytes) bytes")
                }
                output.append(frame)
            }
        }
        if response.isUpgrade {
            let (stream, leftover) = try response.takeUpgradedStream()
            defer { stream.close() }
            stream.shutdownWrite()
            decoder.feed(leftover)
            try drain()
            var buffer = ByteBuffer(capacity: 64 << 10)
            while true {
                buffer.clear()
                let count: Int
                do {
                    if let socket = stream as? Socket {
                        count = try await socket.read(into: &buffer, deadline: deadline)
                    } else {
                        count = try await stream.read(into: &buffer)
                    }
                } catch {
                    throw ContainerEngineError.transport(error, context: "reading the output of exec \(created.id)")
                }
                if count == 0 { break }
                decoder.feed(buffer)
                try drain()
            }
        } else {
            // An engine that answers with a plain body instead of switching protocols.
            while let part = try await response.read(deadline: deadline) {
                decoder.feed(part)
                try drain()
            }
        }
        return ExecResult(exitCode: try await execExitCode(created.id, deadline: deadline), output: output)
    }

    /// The exit code of a finished exec instance, waiting briefly for the engine to record it.
    private func execExitCode(_ execID: String, deadline: ContinuousClock.Instant) async throws -> Int {
        struct Inspected: Decodable {
            var running: Bool
            var exitCode: Int?
            private enum CodingKeys: String, CodingKey { case running = "Running", exitCode = "ExitCode" }
        }
        while true {
            let inspected = try await sendJSON(
                Inspected.self, request(.get, "/exec/\(execID)/json"), deadline: deadline)
            if !inspected.running, let code = inspected.exitCode { return code }
            guard ContinuousClock.now < deadline else {
                throw ContainerEngineError(code: .timedOut, message: "exec \(execID) did not report its exit code")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
