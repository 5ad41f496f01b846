import HTTP
import HTTPServer

/// A refused sign-in, credential or request: what kind of refusal, and a message a user can act on.
public struct AuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of refusal; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A password that the password policy refuses.
        public static let weakPassword = Code("weakPassword")
        /// A username, token name or other value that is not acceptable.
        public static let invalidArgument = Code("invalidArgument")
        /// A wrong username or password; the message does not say which.
        public static let invalidCredentials = Code("invalidCredentials")
        /// A token or session that is unknown, malformed, expired or revoked, or whose user is blocked.
        public static let unauthenticated = Code("unauthenticated")
        /// Too many failed sign-ins; `retryAfter` says when to try again.
        public static let rateLimited = Code("rateLimited")
        /// A state-changing browser request without the session's CSRF token.
        public static let csrfRejected = Code("csrfRejected")
        /// A signed-in user who may not do this.
        public static let permissionDenied = Code("permissionDenied")
        /// A first-run setup that is over, or a setup link that is wrong or expired.
        public static let setupUnavailable = Code("setupUnavailable")
        /// An OIDC ID token that is malformed, badly signed, expired, or not meant for us; the message says which.
        public static let invalidIDToken = Code("invalidIDToken")
        /// An OIDC callback with an unknown, expired or already used state, or an error from the provider.
        public static let invalidOIDCCallback = Code("invalidOIDCCallback")
        /// An OIDC provider that could not be reached or answered something unusable.
        public static let oidcProviderFailed = Code("oidcProviderFailed")
    }

    public let code: Code
    /// What went wrong, in words a user can act on.
    public let message: String
    /// For `.rateLimited`: how long until another attempt is allowed.
    public let retryAfter: Duration?

    public init(code: Code, message: String, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { message }

    /// The error as the HTTP layer answers it, in the one JSON error envelope.
    public var httpError: HTTPError {
        switch code {
        case .weakPassword, .invalidArgument:
            return HTTPError(.unprocessableContent, message: message)
        case .invalidCredentials, .unauthenticated:
            return HTTPError(.unauthorized, message: message, headers: ["WWW-Authenticate": "Bearer"])
        case .rateLimited:
            let seconds = retryAfter.map { max(1, Int(($0 + .milliseconds(999)).components.seconds)) } ?? 60
            return HTTPError(.tooManyRequests, message: message, headers: ["Retry-After": String(seconds)])
        case .csrfRejected:
            return HTTPError(.forbidden, code: "csrf_rejected", message: message)
        case .permissionDenied:
            return HTTPError(.forbidden, message: message)
        case .invalidIDToken:
            return HTTPError(.unauthorized, message: message)
        case .invalidOIDCCallback:
            return HTTPError(.badRequest, message: message)
        case .oidcProviderFailed:
            return HTTPError(.badGateway, message: message)
        default:
            return HTTPError(.notFound, message: message)
        }
    }

    static func weakPassword(_ message: String) -> AuthError { AuthError(code: .weakPassword, message: message) }
    static func invalidArgument(_ message: String) -> AuthError { AuthError(code: .invalidArgument, message: message) }
    static func invalidIDToken(_ message: String) -> AuthError {
        AuthError(code: .invalidIDToken, message: "the ID token was refused: \(message)")
    }
    static func oidcProviderFailed(_ message: String) -> AuthError {
        AuthError(code: .oidcProviderFailed, message: message)
    }
    static func unauthenticated(_ message: String) -> AuthError {
        AuthError(code: .unauthenticated, message: message)
    }
}
