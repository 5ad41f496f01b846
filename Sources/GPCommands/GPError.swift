/// A `gp` command that could not do its work, with a message a user can act on.
///
/// Commands print it as `gp: MESSAGE` on standard error and exit with 1.
public struct GPError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure; more may come.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The supervisor's socket is missing or nobody answers on it.
        public static let supervisorUnreachable = Code("supervisorUnreachable")
        /// The supervisor answered with an error.
        public static let supervisorError = Code("supervisorError")
        /// The command needs the Swiftpod server, which does not answer yet.
        public static let serverUnavailable = Code("serverUnavailable")
        /// Waiting ran out of time.
        public static let timedOut = Code("timedOut")
        /// What the command was asked about does not exist or is not in the right state.
        public static let notFound = Code("notFound")
        /// A file could not be read or written, or the environment lacks what the command needs.
        public static let environment = Code("environment")

        public var description: String { name }
    }

    public var code: Code
    public var message: String
    /// The HTTP status of a supervisor's error answer.
    public var status: Int?

    public init(code: Code, message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }

    static func unreachable(_ socketPath: String, _ cause: String) -> GPError {
        GPError(
            code: .supervisorUnreachable,
            message: "cannot reach the workspace supervisor at \(socketPath): \(cause) (gp works inside a Swiftpod "
                + "workspace)")
    }
}
