import Basics
import Foundation
import NetIO
import Synchronization

/// Named timeouts for tests, so waits are explicit and the same everywhere.
public enum TestTimeout {
    /// Long enough for anything on loopback on a busy 2-core machine.
    public static let loopback: Duration = .seconds(10)
    /// For a failure the test expects to see quickly.
    public static let short: Duration = .seconds(2)
}

/// A temporary directory removed when the value is released.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "swiftpod-test") throws {
        let base = FileManager.default.temporaryDirectory.path
        let path = "\(base)/\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `operation` and fails with a timeout error when it takes longer than `limit`.
public func withTimeout<Result: Sendable>(
    _ limit: Duration = TestTimeout.loopback, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TestTimeoutError(limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A test step that did not finish in time.
public struct TestTimeoutError: Error, CustomStringConvertible {
    public let limit: Duration
    public let context: String

    public init(limit: Duration, context: String = "") {
        self.limit = limit
        self.context = context
    }

    public var description: String { "timed out after \(limit)" + (context.isEmpty ? "" : ": \(context)") }
}

/// The output and status of a finished process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// Runs a program with arguments (no shell) and collects its output.
///
/// The waiting happens on a thread of its own, never on Swift's concurrency threads, so a server running in the
/// same test process keeps serving the program while it runs.
public func runProcess(
    _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil
) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(
                with: Result {
                    try runProcessBlocking(executable, arguments, input: input, environment: environment)
                })
        }
        thread.start()
    }
}

private func runProcessBlocking(
    _ executable: String, _ arguments: [String], input: String?, environment: [String: String]?
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    let inputPipe = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = inputPipe
    try process.run()
    if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inputPipe.fileHandleForWriting.close()
    // Read standard error on another thread so neither pipe can fill up and stall the program.
    let errorData = Mutex(Data())
    let errorDone = DispatchSemaphore(value: 0)
    let errorReaderDone = Thread {
        errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() }
        errorDone.signal()
    }
    errorReaderDone.start()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    errorDone.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
}

/// Reads from `stream` until `buffer` holds at least `count` bytes or the stream ends.
public func readAtLeast(_ count: Int, from stream: any ByteStream, into buffer: inout ByteBuffer) async throws {
    while buffer.readableBytes < count {
        if try await stream.read(into: &buffer) == 0 { return }
    }
}

/// Reads from `stream` until its end.
public func readToEnd(_ stream: any ByteStream) async throws -> String {
    var buffer = ByteBuffer()
    while try await stream.read(into: &buffer) > 0 {}
    return String(decoding: buffer.readableView, as: UTF8.self)
}

/// Waits until something accepts connections on `address`.
/// - Returns: true when it did within the loopback timeout, false when it did not.
public func waitUntilAccepting(_ address: SocketAddress) async throws -> Bool {
    let deadline = ContinuousClock.now + TestTimeout.loopback
    while ContinuousClock.now < deadline {
        if let socket = try? await Socket.connect(to: address) {
            socket.close()
            return true
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}
