/// A command line that parsed but does not make sense, thrown from a command's `init(parsed:)` or `run()`.
///
/// The runner prints the message and a pointer to the command's help, and exits with 64 (`EX_USAGE`).
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the option or argument at fault.
    public var message: String

    /// An error with a message that names the option or argument at fault.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
