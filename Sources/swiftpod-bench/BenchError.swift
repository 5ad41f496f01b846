import Foundation

/// A benchmark that cannot go on: what was being done, and why.
struct BenchError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    /// A failed system call, named by what it was doing, with the reason from `errno`.
    static func io(_ action: String, errno code: Int32 = errno) -> BenchError {
        BenchError("cannot \(action): \(String(cString: strerror(code)))")
    }

    var description: String { message }
}
