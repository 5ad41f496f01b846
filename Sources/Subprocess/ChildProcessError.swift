import Foundation

/// A child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    /// The program that was to be started.
    public let executable: String
    /// The `errno` value `posix_spawn` returned.
    public let errno: Int32

    public init(executable: String, errno: Int32) {
        self.executable = executable
        self.errno = errno
    }

    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}
