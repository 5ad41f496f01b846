/// A failed store operation: what kind of failure, a message a user can act on, and the cause underneath.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The record would duplicate a unique value (a username, a token hash), or is still referenced.
        public static let conflict = Code("conflict")
        /// No record has the given ID.
        public static let notFound = Code("notFound")
        /// A value given to the store is not acceptable, such as a malformed repository pattern.
        public static let invalidArgument = Code("invalidArgument")
        /// The database was written by a newer Swiftpod, whose schema this one does not know.
        public static let schemaTooNew = Code("schemaTooNew")
        /// The database holds a value this code cannot read, such as an unknown phase name.
        public static let corruptData = Code("corruptData")
        /// The store has been closed.
        public static let closed = Code("closed")
        /// The database itself failed: I/O, a full disk, a lock held too long.
        public static let databaseFailure = Code("databaseFailure")
    }

    public let code: Code
    /// What went wrong, in words a user or an operator can act on.
    public let message: String
    /// The failure underneath, such as an `SQLiteError`.
    public let underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying, code == .databaseFailure || code == .corruptData else { return message }
        return "\(message): \(underlying)"
    }

    static func notFound(_ what: String, id: String) -> StoreError {
        StoreError(code: .notFound, message: "no \(what) with id '\(id)'")
    }
}
