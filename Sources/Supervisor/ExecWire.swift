/// `POST /exec` on the supervisor, and `POST /api/v1/workspaces/:id/exec` on the server, which passes it on: a
/// command as an array of arguments, never a shell line.
public struct ExecRequest: Codable, Sendable {
    public var command: [String]
    /// Seconds; the supervisor's default (60) when absent.
    public var timeout: Double?
    /// Whether to answer with the output as it comes (`ExecStream`) rather than all of it at the end.
    public var stream: Bool?

    public init(command: [String], timeout: Double? = nil, stream: Bool? = nil) {
        self.command = command
        self.timeout = timeout
        self.stream = stream
    }
}

/// How an exec ended: the answer to `POST /exec`, and the last line of a streamed one.
public struct ExecResult: Codable, Sendable {
    /// The exit status (128 + N for signal N, as a shell reports it); nil when it was stopped at its timeout.
    public var exitCode: Int32?
    /// Standard output and standard error together, in order; at most the last 1 MiB.
    public var output: String
    /// Whether the command ran past its timeout and was stopped.
    public var timedOut: Bool

    public init(exitCode: Int32?, output: String, timedOut: Bool) {
        self.exitCode = exitCode
        self.output = output
        self.timedOut = timedOut
    }

    // Explicit so that a missing exit code is written as null rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(output, forKey: .output)
        try container.encode(timedOut, forKey: .timedOut)
    }

    private enum CodingKeys: String, CodingKey { case exitCode, output, timedOut }
}
