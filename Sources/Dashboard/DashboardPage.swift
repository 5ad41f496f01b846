import Auth
import Basics
import HTTP
import HTTPServer
import Store

/// A dashboard page: the header with the navigation and the signed-in user, then the page's own HTML.
///
/// Every page is answered with a Content-Security-Policy that allows scripts, styles and connections to this site
/// only (no inline script: the CSRF token travels in a `<meta>` element), and forbids framing and caching.
struct DashboardPage {
    /// The sections of the navigation.
    enum Section: String, CaseIterable {
        case workspaces, variables, tokens, settings, users

        var title: String {
            switch self {
            case .workspaces: "Workspaces"
            case .variables: "Variables"
            case .tokens: "Tokens"
            case .settings: "Settings"
            case .users: "Users"
            }
        }

        var path: String {
            switch self {
            case .workspaces: "/"
            case .variables: "/settings/variables"
            case .tokens: "/settings/tokens"
            case .settings: "/settings"
            case .users: "/admin/users"
            }
        }
    }

    var title: String
    var section: Section?
    var user: User
    var csrfToken: String
    /// The page's main content, already HTML.
    var body: String

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The headers of every page.
    static var headers: HTTPHeaders {
        [
            "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
            "Content-Security-Policy": contentSecurityPolicy,
        ]
    }

    func response(status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: Self.headers, body: .bytes(ByteBuffer(string: html)))
    }

    var html: String {
        let assets = DashboardAssets.shared
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(HTML.escape(csrfToken))">
            <title>\(HTML.escape(title)) · Swiftpod</title>
            <link rel="stylesheet" href="\(assets.styleSheet.path)">
            <script src="\(assets.script.path)" defer></script></head>
            <body><a class="skip" href="#main">Skip to content</a>
            \(header)
            <main id="main">
            <h1>\(HTML.escape(title))</h1>
            <p id="errors" class="error" role="alert"></p>
            <p id="live" class="sr-only" aria-live="polite"></p>
            \(body)
            </main></body></html>

            """
    }

    private var header: String {
        let sections = Section.allCases.filter { $0 != .users || user.role == .admin }
        let links = sections.map { item in
            let current = item == section ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(current)>\(item.title)</a>"
        }.joined()
        return """
            <header class="top"><a class="brand" href="/">Swiftpod</a>
            <nav aria-label="Main">\(links)</nav>
            <div class="account"><span class="user">\(HTML.escape(user.username))</span>
            <form method="post" action="/logout"><input type="hidden" name="\(AuthenticationMiddleware.csrfFormField)" \
            value="\(HTML.escape(csrfToken))"><button type="submit" class="secondary">Sign out</button></form></div>
            </header>
            """
    }
}

/// Short names for building HTML.
enum HTML {
    /// `text` escaped for an element or a quoted attribute.
    static func escape(_ text: String) -> String { HTMLText.escaped(text) }

    /// A form field: its label, the input, a hint, and, when `errorID` is given, the paragraph where the form's
    /// error appears, tied to the input by `aria-describedby`.
    static func field(
        id: String, name: String, label: String, type: String = "text", value: String = "", required: Bool = false,
        pattern: String? = nil, placeholder: String? = nil, hint: String? = nil, errorID: String? = nil,
        error: String? = nil, autocomplete: String = "off"
    ) -> String {
        var attributes = "id=\"\(id)\" name=\"\(name)\" type=\"\(type)\" value=\"\(escape(value))\""
        attributes += " autocomplete=\"\(autocomplete)\""
        if required { attributes += " required" }
        if let pattern { attributes += " pattern=\"\(escape(pattern))\"" }
        if let placeholder { attributes += " placeholder=\"\(escape(placeholder))\"" }
        var described: [String] = []
        if hint != nil { described.append(id + "-hint") }
        if let errorID { described.append(errorID) }
        if !described.isEmpty { attributes += " aria-describedby=\"\(described.joined(separator: " "))\"" }
        if error != nil { attributes += " aria-invalid=\"true\"" }
        var html = "<div class=\"field\"><label for=\"\(id)\">\(escape(label))</label><input \(attributes)>"
        if let hint { html += "<p class=\"hint\" id=\"\(id)-hint\">\(escape(hint))</p>" }
        if let errorID {
            html += "<p class=\"field-error\" id=\"\(errorID)\" role=\"alert\">\(escape(error ?? ""))</p>"
        }
        return html + "</div>"
    }
}
