import Glibc

/// A git operation that failed or was refused: what kind of failure, a message naming the repository, ref or path at
/// fault, and, when git itself failed, the last lines it wrote.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The clone URL is not one Swiftpod clones from (unknown scheme, local path, option-like, malformed).
        public static let invalidURL = Code("invalidURL")
        /// A branch, tag, commit or pull request name is not acceptable.
        public static let invalidRef = Code("invalidRef")
        /// The ref is acceptable but the repository does not have it.
        public static let refNotFound = Code("refNotFound")
        /// A checkout location would land outside the content directory, or is used twice.
        public static let invalidCheckoutLocation = Code("invalidCheckoutLocation")
        /// A git config key or value is not acceptable.
        public static let invalidConfig = Code("invalidConfig")
        /// A git command exited with an error (unreachable host, missing repository, failed checkout).
        public static let commandFailed = Code("commandFailed")
        /// A git command ran past its time limit and was stopped.
        public static let timedOut = Code("timedOut")
        /// The git program cannot be found or started.
        public static let gitUnavailable = Code("gitUnavailable")
        /// A file system call failed.
        public static let io = Code("io")
    }

    public let code: Code
    /// What happened, naming the repository, ref or path at fault; credentials in URLs are never included.
    public let message: String
    /// The last lines git wrote before it failed, when it did.
    public let gitOutput: String
    /// The failure underneath, when there is one.
    public let underlying: (any Error)?

    public init(code: Code, message: String, gitOutput: String = "", underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.gitOutput = gitOutput
        self.underlying = underlying
    }

    public var description: String {
        gitOutput.isEmpty ? message : "\(message)\n\(gitOutput)"
    }

    /// A failed file system call: `operation` names what was being done and to which path.
    static func io(_ operation: String, errno: Int32) -> GitError {
        GitError(code: .io, message: "cannot \(operation): \(String(cString: strerror(errno)))")
    }
}
