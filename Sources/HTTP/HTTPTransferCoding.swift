/// The rules for Transfer-Encoding (RFC 9112 §6.1, §7): `chunked` is the only coding implemented, and it must come
/// last and once.
enum HTTPTransferCoding {
    /// The codings listed in every Transfer-Encoding field, in order, lowercased, without parameters.
    static func codings(_ headers: HTTPHeaders) throws(HTTPParseError) -> [String] {
        var codings: [String] = []
        for value in headers.values("Transfer-Encoding") {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let coding = element.trimmingHTTPWhitespace()
                let name = coding.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
                    .trimmingHTTPWhitespace()
                guard !name.isEmpty, name.utf8.allSatisfy(HTTPByte.isToken) else {
                    throw .badRequest("Transfer-Encoding \"\(value)\" is not a list of codings")
                }
                codings.append(coding == name ? name.lowercased() : coding.lowercased())
            }
        }
        return codings
    }

    /// Checks a request's codings: 400 unless `chunked` comes last and once, 501 for any other coding before it.
    static func validateRequest(_ headers: HTTPHeaders) throws(HTTPParseError) {
        let codings = try codings(headers)
        if codings.filter({ $0 == "chunked" }).count > 1 {
            throw .badRequest("Transfer-Encoding lists chunked more than once")
        }
        guard codings.last == "chunked" else {
            throw .badRequest("Transfer-Encoding \"\(codings.joined(separator: ", "))\" does not end with chunked")
        }
        if let other = codings.first(where: { $0 != "chunked" }) {
            throw HTTPParseError(status: .notImplemented, message: "transfer coding \"\(other)\" is not implemented")
        }
    }

    /// Checks a response's codings: exactly `chunked`, since nothing else is implemented.
    static func validateResponse(_ headers: HTTPHeaders) throws(HTTPParseError) {
        let codings = try codings(headers)
        guard codings == ["chunked"] else {
            throw .badRequest("Transfer-Encoding \"\(codings.joined(separator: ", "))\" is not just chunked")
        }
    }
}
