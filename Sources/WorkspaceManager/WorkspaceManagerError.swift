/// A failed workspace operation: what kind of failure, a message a user can act on, and the cause underneath.
public struct WorkspaceManagerError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The workspace is in a phase that does not allow the operation (starting one that runs, deleting one
        /// whose backup is being written).
        public static let invalidState = Code("invalidState")
        /// No such workspace.
        public static let notFound = Code("notFound")
        /// The workspace's content could not be put in place: a missing or corrupt backup, a failed checkout.
        public static let contentUnavailable = Code("contentUnavailable")
        /// The live content directory holds files that nothing accounts for; they are left alone.
        public static let contentConflict = Code("contentConflict")
        /// Backing up the content failed; the live directory stays.
        public static let backupFailed = Code("backupFailed")
        /// The container could not be created, started, reached or stopped.
        public static let runtimeFailure = Code("runtimeFailure")
        /// Every host id range is in use.
        public static let noIDRange = Code("noIDRange")
        /// The workspace's stored configuration cannot be read.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// A step took longer than its timeout.
        public static let timedOut = Code("timedOut")
        /// The owner's environment variables for the workspace could not be read.
        public static let environmentUnavailable = Code("environmentUnavailable")
        /// A file operation on the host failed.
        public static let io = Code("io")
    }

    public let code: Code
    /// What went wrong, in words a user or an operator can act on.
    public let message: String
    /// The failure underneath.
    public let underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
}
