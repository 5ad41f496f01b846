/// An image that could not be built, with the step that failed and what it printed.
public struct ImageBuilderError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; the set can grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A program the build needs (debootstrap, chroot, tar) is not installed.
        public static let toolMissing = Code("toolMissing")
        /// A step of the build failed: a program exited with an error, or a file could not be written.
        public static let stepFailed = Code("stepFailed")
        /// A step of the build took longer than it may.
        public static let timedOut = Code("timedOut")
        /// The configuration names a Dockerfile or context that is missing or lies outside the repository.
        public static let invalidSource = Code("invalidSource")
        /// The engine built the Dockerfile and the build failed.
        public static let buildFailed = Code("buildFailed")
        /// A named image is not in the engine and could not be pulled.
        public static let imageUnavailable = Code("imageUnavailable")
    }

    public let code: Code
    /// A message a user can act on: the step, and the end of what it printed.
    public let message: String
    public let underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
