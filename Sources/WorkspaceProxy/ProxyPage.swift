import Basics
import HTTP
import HTTPServer

/// The proxy's own answers: redirects, and failures as a small HTML page for browsers or the JSON error envelope.
enum ProxyPage {
    /// A 302 to `location`, never cached, with no Referer leaking the code.
    static func redirect(to location: String) -> HTTPResponse {
        HTTPResponse(
            status: .found,
            headers: ["Location": location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"])
    }

    static func failure(_ status: HTTPStatus, _ message: String, request: HTTPRequest) -> HTTPResponse {
        failure(HTTPError(status, message: message), request: request)
    }

    /// `error` as HTML when the client accepts it, as JSON otherwise.
    static func failure(_ error: HTTPError, request: HTTPRequest) -> HTTPResponse {
        let wantsHTML = request.headers.values("Accept").contains { $0.lowercased().contains("text/html") }
        guard wantsHTML else { return error.response }
        let title = "\(error.status.code) \(HTMLText.escaped(error.status.reasonPhrase))"
        let html = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>\(title)</title></head>
            <body><h1>\(title)</h1><p>\(HTMLText.escaped(error.message))</p></body></html>

            """
        var headers: HTTPHeaders = ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"]
        for (name, value) in error.headers { headers.add(name: name, value: value) }
        return HTTPResponse(status: error.status, headers: headers, body: .bytes(ByteBuffer(string: html)))
    }
}
