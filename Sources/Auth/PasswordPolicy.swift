/// What a new password must be: long enough, not only whitespace, and not absurdly long.
public struct PasswordPolicy: Sendable, Equatable {
    /// The fewest characters (extended grapheme clusters) a password may have.
    public var minimumLength: Int
    /// The most UTF-8 bytes a password may have, so that nobody makes the server hash megabytes.
    public var maximumBytes: Int

    public init(minimumLength: Int = 8, maximumBytes: Int = 1024) {
        self.minimumLength = minimumLength
        self.maximumBytes = maximumBytes
    }

    /// Checks a new password.
    /// - Throws: `AuthError` `.weakPassword` naming the rule it breaks.
    public func check(_ password: String) throws(AuthError) {
        guard password.count >= minimumLength else {
            throw .weakPassword("the password must be at least \(minimumLength) characters long")
        }
        guard password.utf8.count <= maximumBytes else {
            throw .weakPassword("the password must be at most \(maximumBytes) bytes long")
        }
        guard !password.allSatisfy(\.isWhitespace) else {
            throw .weakPassword("the password must not be only whitespace")
        }
        guard !password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .weakPassword("the password must not contain control characters such as a newline")
        }
    }
}
