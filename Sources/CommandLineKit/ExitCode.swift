/// An error that ends the process with a given exit code and prints nothing.
///
/// Throw it from `run()` when the command has already reported what happened, or when the code itself is the answer
/// (`ExitCode(3)` from a health check).
public struct ExitCode: Error, Sendable, Equatable, CustomStringConvertible {
    /// The process's exit status.
    public var rawValue: Int32

    /// An exit with status `rawValue`.
    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Exit status 0.
    public static let success = ExitCode(0)
    /// Exit status 1, a command's failure.
    public static let failure = ExitCode(1)
    /// Exit status 64 (`EX_USAGE`), a command line that could not be understood.
    public static let usage = ExitCode(64)

    public var description: String { "exit code \(rawValue)" }
}
