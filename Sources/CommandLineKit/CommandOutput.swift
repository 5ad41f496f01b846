import Basics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the runner writes help, versions and error messages; tests pass closures that collect the text.
public struct CommandOutput: Sendable {
    /// Receives help and version text.
    public var standardOutput: @Sendable (String) -> Void
    /// Receives error messages.
    public var standardError: @Sendable (String) -> Void

    /// Output going to the given closures.
    public init(
        standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The process's standard output and standard error.
    public static var standard: CommandOutput {
        CommandOutput(
            standardOutput: { FileDescriptorWriter.writeAll($0, to: STDOUT_FILENO) },
            standardError: { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) })
    }
}
