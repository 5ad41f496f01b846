import Basics
import HTTP

/// An error a handler throws to answer with a given status and a message the client can act on.
///
/// The server renders it as the one JSON error envelope: `{"error": {"code": "not_found", "message": "..."}}`.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// A stable machine-readable code such as `not_found` or `invalid_argument`.
    public var code: String
    public var message: String
    /// Extra response headers, such as `Allow` on a 405 or `WWW-Authenticate` on a 401.
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, code: String? = nil, message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.code = code ?? HTTPError.defaultCode(for: status)
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func badRequest(_ message: String) -> HTTPError { HTTPError(.badRequest, message: message) }
    public static func notFound(_ message: String = "not found") -> HTTPError { HTTPError(.notFound, message: message) }
    public static func unauthorized(_ message: String) -> HTTPError { HTTPError(.unauthorized, message: message) }
    public static func forbidden(_ message: String) -> HTTPError { HTTPError(.forbidden, message: message) }

    static func defaultCode(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthenticated"
        case 403: "permission_denied"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 409: "conflict"
        case 411: "length_required"
        case 413: "content_too_large"
        case 414: "uri_too_long"
        case 417: "expectation_failed"
        case 422: "invalid_argument"
        case 429: "too_many_requests"
        case 431: "header_fields_too_large"
        case 501: "not_implemented"
        case 502: "bad_gateway"
        case 503: "unavailable"
        case 504: "gateway_timeout"
        case 505: "http_version_not_supported"
        default: status.code >= 500 ? "internal" : "error"
        }
    }

    /// The JSON error envelope for this error.
    public var response: HTTPResponse {
        var response = HTTPResponse.json(
            status: status, encodedJSON: HTTPError.envelope(code: code, message: message))
        for (name, value) in headers { response.headers.add(name: name, value: value) }
        return response
    }

    /// `{"error":{"code":…,"message":…}}` with both strings JSON-escaped.
    static func envelope(code: String, message: String) -> String {
        "{\"error\":{\"code\":\(JSONString.literal(code)),\"message\":\(JSONString.literal(message))}}"
    }
}
