import HTTP

/// A request the client could not complete, with the reason.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        fileprivate let value: Int
        public static let invalidURL = Code(value: 0)
        public static let connectFailed = Code(value: 1)
        public static let timedOut = Code(value: 2)
        public static let invalidResponse = Code(value: 3)
        public static let connectionClosed = Code(value: 4)
        public static let upgradeRefused = Code(value: 5)
        public static let bodyTooLarge = Code(value: 6)
        /// The server's certificate failed verification: an untrusted issuer, another host's name, expired.
        public static let certificateNotTrusted = Code(value: 7)
        /// The TLS handshake or a TLS record failed for another reason than the certificate.
        public static let tlsFailed = Code(value: 8)
        /// The client's `TLSConfiguration` cannot be used: a trust root file is missing or not PEM.
        public static let invalidTLSConfiguration = Code(value: 9)
        /// The request needs something this client does not do, such as an upgrade over TLS.
        public static let unsupported = Code(value: 10)
    }

    public let code: Code
    public let message: String
    /// The failure underneath, such as the socket error.
    public let underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    static func invalidURL(_ url: String, _ reason: String) -> HTTPClientError {
        HTTPClientError(code: .invalidURL, message: "invalid URL '\(url)': \(reason)")
    }

    static func timedOut(_ what: String) -> HTTPClientError {
        HTTPClientError(code: .timedOut, message: "\(what) timed out")
    }
}
