import Glibc

/// What went wrong in the supervisor, with a message a user can act on.
public struct SupervisorError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure; more may come.
    public enum Code: Sendable, Equatable {
        case system
        case terminalEnded
        case invalidConfiguration
    }

    public var code: Code
    public var message: String

    public var description: String { message }

    static func system(_ operation: String, errno: Int32) -> SupervisorError {
        SupervisorError(code: .system, message: "\(operation) failed: \(String(cString: strerror(errno)))")
    }

    static func terminalEnded(_ id: String) -> SupervisorError {
        SupervisorError(code: .terminalEnded, message: "terminal \(id) has ended")
    }

    static func invalidConfiguration(_ path: String, _ cause: any Error) -> SupervisorError {
        SupervisorError(code: .invalidConfiguration, message: "cannot read the task configuration \(path): \(cause)")
    }
}
