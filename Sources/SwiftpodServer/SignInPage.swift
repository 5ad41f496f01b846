import Basics
import HTTP
import HTTPServer

/// The server's own HTML pages before the dashboard: sign-in, the first-run setup, and a signed-in home page.
///
/// They are plain forms with no script, so they work in any browser and from `curl`; each answer forbids framing
/// and caching, and allows only its own forms and inline styles.
struct SignInPage {
    var title: String
    /// The page's body, already HTML.
    var body: String

    /// A field of a form.
    struct Field {
        var name: String
        var label: String
        var type = "text"
        var value = ""
        var autocomplete: String
        var required = true
    }

    /// The page as an answer with `status`.
    func response(status: HTTPStatus = .ok) -> HTTPResponse {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escaped(title)) · Swiftpod</title>
            <style>\(Self.style)</style></head>
            <body><main><h1>\(HTMLText.escaped(title))</h1>
            \(body)
            </main></body></html>

            """
        return HTTPResponse(
            status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"),
            body: .bytes(ByteBuffer(string: html)))
    }

    /// The headers of every page: no caching, no framing, no scripts, forms only to this site.
    static func headers(contentType: String) -> HTTPHeaders {
        [
            "Content-Type": contentType, "Cache-Control": "no-store", "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
            "Content-Security-Policy":
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'",
        ]
    }

    /// A form posting `fields` (and `hidden` values) to `action`, with a paragraph for `error` when there is one.
    static func form(
        action: String, fields: [Field], hidden: [(String, String)] = [], submit: String, error: String? = nil
    ) -> String {
        var html = ""
        if let error { html += "<p class=\"error\" role=\"alert\">\(HTMLText.escaped(error))</p>\n" }
        html += "<form method=\"post\" action=\"\(HTMLText.escaped(action))\">\n"
        for (name, value) in hidden {
            html += "<input type=\"hidden\" name=\"\(HTMLText.escaped(name))\" value=\"\(HTMLText.escaped(value))\">\n"
        }
        for field in fields {
            let id = "field-" + field.name
            html += "<label for=\"\(id)\">\(HTMLText.escaped(field.label))</label>\n"
            html +=
                "<input id=\"\(id)\" name=\"\(HTMLText.escaped(field.name))\" type=\"\(field.type)\" "
                + "value=\"\(HTMLText.escaped(field.value))\" autocomplete=\"\(field.autocomplete)\""
                + (field.required ? " required" : "") + ">\n"
        }
        html += "<button type=\"submit\">\(HTMLText.escaped(submit))</button>\n</form>"
        return html
    }

    static let style = """
        body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1c1e21;margin:0}
        main{max-width:26rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;\
        box-shadow:0 1px 4px rgba(0,0,0,.12)}
        h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.9rem 0 .3rem;font-weight:600}
        input{box-sizing:border-box;width:100%;padding:.55rem;font-size:1rem;border:1px solid #aab;border-radius:6px}
        button,a.button{display:inline-block;margin-top:1.2rem;padding:.6rem 1.2rem;font-size:1rem;border:0;\
        border-radius:6px;background:#0b6bcb;color:#fff;text-decoration:none;cursor:pointer}
        .error{background:#fdecea;color:#8a1c12;padding:.6rem;border-radius:6px}code{font-size:.9rem}
        """
}
