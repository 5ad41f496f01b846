/// Why a message was refused: the status to answer with and a message naming what is wrong.
///
/// The request parser picks the status a server should send (400, 411, 413, 414, 431, 501 or 505). The response
/// parser always uses 502 Bad Gateway, the answer a proxy gives for a broken upstream response; its message still
/// names the fault.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status a server answers the refused message with.
    public var status: HTTPStatus
    /// What is wrong, in words a user can act on.
    public var message: String

    /// Creates an error answered with `status`, described by `message`.
    public init(status: HTTPStatus, message: String) {
        self.status = status
        self.message = message
    }

    /// The status and the message, as in `400 Bad Request: invalid chunk size "zz"`.
    public var description: String { "\(status.code) \(status.reasonPhrase): \(message)" }

    static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: .badRequest, message: message)
    }

    /// The same fault, as seen by a client or proxy reading an upstream's response.
    var fromUpstream: HTTPParseError {
        HTTPParseError(status: .badGateway, message: "invalid response: \(message)")
    }
}
