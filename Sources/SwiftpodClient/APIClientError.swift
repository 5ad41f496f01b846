/// A call to the Swiftpod API that did not succeed, with a message a user can act on.
///
/// When the server answered, `status` and `serverCode` come from its JSON error envelope
/// (`{"error": {"code": "not_found", "message": "…"}}`) and `message` is the server's own.
public struct APIClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a set that can grow.
    public struct Code: Hashable, Sendable {
        private let value: Int
        /// The server answered with an error status.
        public static let server = Code(value: 0)
        /// The server could not be reached.
        public static let unreachable = Code(value: 1)
        /// The server did not answer in time.
        public static let timedOut = Code(value: 2)
        /// The server URL is not one this client can use.
        public static let invalidURL = Code(value: 3)
        /// The server answered something that is not what the API promises.
        public static let invalidResponse = Code(value: 4)
    }

    public let code: Code
    public let message: String
    /// The HTTP status, when the server answered.
    public let status: Int?
    /// The error envelope's code (`not_found`, `unauthenticated`, …), when the server sent one.
    public let serverCode: String?
    /// The failure underneath, such as the socket error.
    public let underlying: (any Error)?

    public init(
        code: Code, message: String, status: Int? = nil, serverCode: String? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.serverCode = serverCode
        self.underlying = underlying
    }

    public var description: String { message }

    /// Whether the server refused the caller's credentials (401).
    public var isUnauthenticated: Bool { code == .server && status == 401 }

    /// Whether the server answered that the resource does not exist (404).
    public var isNotFound: Bool { code == .server && status == 404 }

    static func invalidURL(_ url: String, _ reason: String) -> APIClientError {
        APIClientError(code: .invalidURL, message: "invalid server URL '\(url)': \(reason)")
    }

    static func invalidResponse(_ what: String, underlying: (any Error)? = nil) -> APIClientError {
        APIClientError(
            code: .invalidResponse, message: "unexpected answer from the server: \(what)", underlying: underlying)
    }
}
