/// A configuration the workspace proxy cannot work with.
public struct WorkspaceProxyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in words a user can act on.
    public let message: String

    public init(message: String) { self.message = message }

    public var description: String { message }

    static func invalidPublicURL(_ text: String, _ reason: String) -> WorkspaceProxyError {
        WorkspaceProxyError(message: "invalid public URL '\(text)': \(reason)")
    }
}
