import Basics
import Foundation

/// What a `gp` command reads and writes besides the supervisor: the environment, the working directory and the
/// standard streams.
///
/// The process's own by default; tests run commands in-process with a context of their own
/// (`GPContext.$current.withValue(...)`), so that output is captured and nothing depends on the test process.
public struct GPContext: Sendable {
    /// The environment: `SWIFTPOD_SUPERVISOR_SOCKET`, `GITPOD_WORKSPACE_URL`, `GITPOD_REPO_ROOT`.
    public var environment: [String: String]
    /// Where `gp init` writes and relative paths start.
    public var workingDirectory: String
    /// Receives what a command prints.
    public var standardOutput: @Sendable ([UInt8]) -> Void
    /// Receives messages about failures.
    public var standardError: @Sendable ([UInt8]) -> Void
    /// The descriptor `gp tasks attach` reads keystrokes from, when it is a terminal.
    public var standardInput: Int32

    public init(
        environment: [String: String], workingDirectory: String,
        standardOutput: @escaping @Sendable ([UInt8]) -> Void, standardError: @escaping @Sendable ([UInt8]) -> Void,
        standardInput: Int32 = -1
    ) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.standardInput = standardInput
    }

    /// The context of the running command.
    @TaskLocal public static var current = GPContext.process

    /// The process's environment, working directory and standard streams.
    public static var process: GPContext {
        GPContext(
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath,
            standardOutput: { writeAll($0, to: STDOUT_FILENO) }, standardError: { writeAll($0, to: STDERR_FILENO) },
            standardInput: STDIN_FILENO)
    }

    /// Prints `text` and a newline.
    public func print(_ text: String) {
        standardOutput(Array((text + "\n").utf8))
    }

    /// Prints `gp: message` to standard error.
    public func printError(_ message: String) {
        standardError(Array("gp: \(message)\n".utf8))
    }

    /// Writes all of `bytes`, retrying after interruptions and short writes; gives up on other errors.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        FileDescriptorWriter.writeAll(bytes, to: descriptor)
    }
}
