import Foundation
import HTTP
import HTTPServer

extension HTTPRequest {
    /// The largest JSON body the API reads.
    public static let maximumJSONBodyBytes = 1 << 20

    /// The body decoded from JSON as `type`.
    ///
    /// The body must be sent as `application/json`, which a cross-site form cannot do without a CORS preflight: so
    /// no other site can post to the API in a visitor's name, not even to the sign-in route that CSRF tokens do
    /// not cover.
    /// - Throws: `HTTPError` 415 for another content type, 400 naming what is wrong when the body is not JSON of
    ///   that shape, 413 when it is larger than `maxBytes`.
    public func decodeJSON<Value: Decodable>(
        _ type: Value.Type, maxBytes: Int = HTTPRequest.maximumJSONBodyBytes
    ) async throws -> Value {
        guard headers.mediaType == "application/json" else {
            throw HTTPError(
                HTTPStatus(code: 415), code: "unsupported_media_type",
                message: "send the request body as JSON, with 'Content-Type: application/json'")
        }
        let body = try await body.collect(maxBytes: maxBytes)
        let data = Data(body.readableView)
        do {
            return try JSONCoding.decoder.decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw HTTPError.badRequest("the request body lacks the field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw HTTPError.badRequest("the field '\(field)' of the request body has the wrong type")
        } catch {
            throw HTTPError.badRequest("the request body is not valid JSON")
        }
    }
}
