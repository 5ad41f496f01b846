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
            standardOutput: { writeAll($0, to: STDOUT_FILENO) },
            standardError: { writeAll($0, to: STDERR_FILENO) })
    }

    /// Writes the whole text with `write(2)`, retrying after interruptions and short writes.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
