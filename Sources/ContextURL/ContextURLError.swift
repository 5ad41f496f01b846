/// A context URL that cannot be opened: malformed, refused as unsafe, or naming something the remote does not have.
public struct ContextURLError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that react differently (an HTTP status, a retry).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidURL, unsafeURL, localRepository, unsupportedPath, invalidEnvironment, invalidHostDeclaration
            case refNotFound, emptyRepository, remoteFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not a URL Swiftpod can read.
        public static let invalidURL = Code(.invalidURL)
        /// Refused because it could make git run commands, read local files or leak credentials.
        public static let unsafeURL = Code(.unsafeURL)
        /// A `file://` URL or a loopback or private-network host, without `allowLocalRepositories`.
        public static let localRepository = Code(.localRepository)
        /// A web page of a known host that names no repository content (`/settings`).
        public static let unsupportedPath = Code(.unsupportedPath)
        /// The `NAME=value/` prefix is malformed.
        public static let invalidEnvironment = Code(.invalidEnvironment)
        /// A `HOST=KIND` declaration is malformed.
        public static let invalidHostDeclaration = Code(.invalidHostDeclaration)
        /// The remote has no such branch, tag or pull request.
        public static let refNotFound = Code(.refNotFound)
        /// The remote has no commits.
        public static let emptyRepository = Code(.emptyRepository)
        /// Listing the remote's refs failed.
        public static let remoteFailed = Code(.remoteFailed)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A message a user can act on, naming the URL or the part of it at fault.
    public let message: String
    /// The error underneath, when another one caused this.
    public let underlying: (any Error & Sendable)?

    init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    static func invalid(_ text: String, _ reason: String) -> ContextURLError {
        ContextURLError(.invalidURL, "\(quoted(text)) is not a context URL: \(reason)")
    }

    static func unsafe(_ text: String, _ reason: String) -> ContextURLError {
        ContextURLError(.unsafeURL, "refused \(quoted(text)): \(reason)")
    }

    static func local(_ text: String, _ reason: String) -> ContextURLError {
        ContextURLError(
            .localRepository,
            "refused \(quoted(text)): \(reason); local repositories are allowed only when the server runs with "
                + "--allow-local-repos")
    }

    static func unsupported(_ text: String, _ reason: String) -> ContextURLError {
        ContextURLError(.unsupportedPath, "\(quoted(text)) names no repository content: \(reason)")
    }

    static func environment(_ text: String, _ reason: String) -> ContextURLError {
        ContextURLError(.invalidEnvironment, "bad environment variables in \(quoted(text)): \(reason)")
    }

    static func invalidHostDeclaration(_ declaration: String, _ reason: String) -> ContextURLError {
        ContextURLError(.invalidHostDeclaration, "bad git host \(quoted(declaration)): \(reason)")
    }

    static func refNotFound(_ message: String) -> ContextURLError {
        ContextURLError(.refNotFound, message)
    }

    static func emptyRepository(_ cloneURL: String) -> ContextURLError {
        ContextURLError(.emptyRepository, "\(cloneURL) has no commits yet (it advertises no HEAD)")
    }

    static func remoteFailed(
        _ cloneURL: String, _ reason: String, underlying: (any Error & Sendable)? = nil
    )
        -> ContextURLError
    {
        ContextURLError(.remoteFailed, "cannot list the refs of \(cloneURL): \(reason)", underlying: underlying)
    }

    /// The text in single quotes, with control characters and quotes escaped and long input shortened, so that a
    /// hostile URL cannot forge lines in a log or terminal.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == 300 {
                result += "…"
                break
            }
            switch scalar {
            case "'": result += "\\'"
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.properties.isBidiControl {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }
}
