import Foundation
import HTTPClient

/// A failed call to the container engine: what kind of failure, the engine's own message, and its HTTP status.
public struct ContainerEngineError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// 404: no such container, image or exec instance.
        public static let notFound = Code("notFound")
        /// 409: the name is taken, or the object is in the wrong state.
        public static let conflict = Code("conflict")
        /// 400: the engine rejected the request's parameters.
        public static let badRequest = Code("badRequest")
        /// 5xx, or any other status the engine answered with.
        public static let engineFailure = Code("engineFailure")
        /// The engine could not be reached, or the connection broke.
        public static let unavailable = Code("unavailable")
        /// The call did not finish before its deadline.
        public static let timedOut = Code("timedOut")
        /// The engine answered something this client cannot read.
        public static let invalidResponse = Code("invalidResponse")
        /// An image build failed; the message is the build's own error.
        public static let buildFailed = Code("buildFailed")
        /// No engine socket answered and none could be started.
        public static let engineNotFound = Code("engineNotFound")
        /// A child process (such as `podman system service`) could not be started or did not come up.
        public static let startFailed = Code("startFailed")
    }

    public let code: Code
    /// The engine's own message when it sent one, otherwise what this client observed.
    public let message: String
    /// The HTTP status of the engine's answer, when there was one.
    public let status: Int?
    /// The failure underneath, such as an `HTTPClientError`.
    public let underlying: (any Error)?

    public init(code: Code, message: String, status: Int? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.underlying = underlying
    }

    public var description: String {
        status.map { "\(message) (engine status \($0))" } ?? message
    }

    /// The error for an engine answer with a non-success `status` and the JSON error `body`
    /// (`{"message": "..."}`); a body that is not JSON is used as the message as it is.
    public static func fromResponse(status: Int, body: [UInt8], context: String) -> ContainerEngineError {
        struct Envelope: Decodable { var message: String? }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let engineMessage = (try? JSONDecoder().decode(Envelope.self, from: Data(body)))?.message ?? text
        let code: Code =
            switch status {
            case 404: .notFound
            case 409: .conflict
            case 400: .badRequest
            default: .engineFailure
            }
        let message = engineMessage.isEmpty ? "\(context): the engine answered \(status)" : engineMessage
        return ContainerEngineError(code: code, message: message, status: status)
    }

    /// Wraps a transport failure from the HTTP client; cancellation stays a `CancellationError`.
    static func transport(_ error: any Error, context: String) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? ContainerEngineError { return error }
        if let error = error as? HTTPClientError {
            let code: Code =
                switch error.code {
                case .timedOut: .timedOut
                case .invalidResponse, .bodyTooLarge, .upgradeRefused: .invalidResponse
                default: .unavailable
                }
            return ContainerEngineError(code: code, message: "\(context): \(error.message)", underlying: error)
        }
        return ContainerEngineError(code: .unavailable, message: "\(context): \(error)", underlying: error)
    }
}
