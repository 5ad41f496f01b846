import Foundation

/// A backup or restore that failed, or a backup that was refused: what kind of failure, a message that names the
/// file or entry at fault, and the error underneath.
public struct ContentError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The archive's SHA-256 is not the one recorded for it: it is corrupt or was replaced.
        public static let checksumMismatch = Code("checksumMismatch")
        /// An entry would land outside the restore root (absolute path, `..`, through a symbolic link, a hard link
        /// to a file outside).
        public static let unsafeEntry = Code("unsafeEntry")
        /// The archive has more entries than the restore allows.
        public static let tooManyEntries = Code("tooManyEntries")
        /// The archive's content is larger than the restore allows.
        public static let tooLarge = Code("tooLarge")
        /// The restore target exists and is not an empty directory.
        public static let targetNotEmpty = Code("targetNotEmpty")
        /// The archive cannot be read or written by libarchive (corrupt, truncated, not a tar).
        public static let archive = Code("archive")
        /// A file system call failed.
        public static let io = Code("io")
        /// A workspace or backup id is not acceptable as a file name.
        public static let invalidID = Code("invalidID")
        /// No such backup.
        public static let notFound = Code("notFound")
        /// A backup's manifest cannot be read.
        public static let invalidManifest = Code("invalidManifest")
    }

    public let code: Code
    /// What happened, naming the file, entry or id at fault.
    public let message: String
    /// The failure underneath, such as an `ArchiveError`.
    public let underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    /// A failed file system call: `operation` names what was being done and to which path.
    static func io(_ operation: String, errno: Int32) -> ContentError {
        ContentError(code: .io, message: "cannot \(operation): \(String(cString: strerror(errno)))")
    }

    /// An archive failure while working on `file`.
    static func archive(_ error: any Error, file: String) -> ContentError {
        if let error = error as? ContentError { return error }
        return ContentError(code: .archive, message: "\(file): \(error)", underlying: error)
    }
}
