import CArchive

/// A libarchive call that failed: which operation, libarchive's own message, and the `errno` it recorded.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    /// The operation that failed, such as "write header" or "open archive".
    public let operation: String
    /// libarchive's message, or a description of the failure when it gave none.
    public let message: String
    /// The `errno` libarchive recorded, 0 when none.
    public let errno: Int32

    public init(operation: String, message: String, errno: Int32 = 0) {
        self.operation = operation
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(operation): \(message)" }

    /// The error libarchive recorded on `handle` for `operation`.
    static func last(on handle: OpaquePointer, operation: String) -> ArchiveError {
        let message = archive_error_string(handle).map { String(cString: $0) } ?? "libarchive reported a failure"
        return ArchiveError(operation: operation, message: message, errno: archive_errno(handle))
    }
}

/// libarchive's status codes, as a Swift value.
enum ArchiveStatus {
    case ok
    case warn
    case failed
    case retry
    case fatal
    case eof

    init(_ code: Int32) {
        switch code {
        case ARCHIVE_OK: self = .ok
        case ARCHIVE_WARN: self = .warn
        case ARCHIVE_EOF: self = .eof
        case ARCHIVE_RETRY: self = .retry
        case ARCHIVE_FAILED: self = .failed
        default: self = .fatal
        }
    }
}

/// Throws the handle's error for `operation` unless `code` is `ARCHIVE_OK` or `ARCHIVE_WARN`.
func check(_ code: Int32, _ handle: OpaquePointer, _ operation: String) throws {
    guard code == ARCHIVE_OK || code == ARCHIVE_WARN else { throw ArchiveError.last(on: handle, operation: operation) }
}
