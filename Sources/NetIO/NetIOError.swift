import CSystem
import Glibc

/// A socket operation that failed, with the call and the system's reason.
public struct NetIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for callers that react differently (a timeout is not a refused connection).
    public struct Code: Hashable, Sendable {
        fileprivate let value: Int
        public static let system = Code(value: 0)
        public static let timedOut = Code(value: 1)
        public static let closed = Code(value: 2)
        public static let connectionRefused = Code(value: 3)
        public static let invalidAddress = Code(value: 4)
        public static let connectionReset = Code(value: 5)
    }

    public let code: Code
    public let message: String
    /// The errno value, when the failure came from a system call.
    public let errno: Int32?

    public init(code: Code, message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// The failure of system call `call` with the current errno.
    static func system(_ call: String, errno value: Int32 = csystem_errno()) -> NetIOError {
        let reason = strerror(value).map { String(validatingCString: $0) ?? "error \(value)" } ?? "error \(value)"
        let code: Code =
            switch value {
            case ECONNREFUSED, ENOENT: .connectionRefused
            case ECONNRESET, EPIPE: .connectionReset
            case ETIMEDOUT: .timedOut
            default: .system
            }
        return NetIOError(code: code, message: "\(call): \(reason)", errno: value)
    }

    public static func timedOut(_ what: String) -> NetIOError {
        NetIOError(code: .timedOut, message: "\(what) timed out")
    }

    public static let closed = NetIOError(code: .closed, message: "the connection is closed")

    public var description: String { message }
}
