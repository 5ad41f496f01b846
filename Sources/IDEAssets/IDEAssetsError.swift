/// The IDE's own files could not be read.
public struct IDEAssetsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in words a user can act on.
    public let message: String

    public init(message: String) { self.message = message }

    public var description: String { message }
}
