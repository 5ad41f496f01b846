import HTTP

/// The session cookie: its name, its `Set-Cookie` header and how it is read back from a request.
///
/// Always `HttpOnly` (no script reads it), `SameSite=Lax` (not sent on cross-site subrequests and form posts) and
/// `Path=/`. When the server is reached over https it is also `Secure` and named with the `__Host-` prefix, which
/// makes browsers refuse it unless it is secure, host-only and for `/`: a workspace at a subdomain cannot set or
/// shadow it. Over plain http (a local installation) the prefix is not allowed, so the name is `swiftpod_session`.
public struct SessionCookie: Sendable, Equatable {
    /// The cookie's name without a prefix.
    public static let baseName = "swiftpod_session"

    /// Whether the server is reached over https.
    public let secure: Bool

    public init(secure: Bool) {
        self.secure = secure
    }

    /// The cookie for a server whose public URL is `publicURL`: secure when it starts with `https://`.
    public init(publicURL: String) {
        self.init(secure: publicURL.lowercased().hasPrefix("https://"))
    }

    /// `__Host-swiftpod_session` under https, `swiftpod_session` otherwise.
    public var name: String { secure ? "__Host-" + Self.baseName : Self.baseName }

    /// The `Set-Cookie` value that stores `value` in the browser for `maxAge` seconds.
    public func setCookie(value: String, maxAge: Int) -> String {
        var attributes = ["\(name)=\(value)", "Path=/", "Max-Age=\(max(0, maxAge))", "HttpOnly", "SameSite=Lax"]
        if secure { attributes.append("Secure") }
        return attributes.joined(separator: "; ")
    }

    /// The `Set-Cookie` value that removes the cookie (at sign-out).
    public func clearingCookie() -> String {
        setCookie(value: "", maxAge: 0)
    }

    /// The values of this cookie in the request's `Cookie` headers, in order (a browser may send a name twice
    /// when cookies with different paths or domains exist).
    public func values(in headers: HTTPHeaders) -> [String] {
        CookieHeader.parse(headers.values("Cookie")).filter { $0.name == name }.map(\.value)
    }
}

/// Reads `Cookie` request headers (RFC 6265 §5.4 and §4.2.1), forgivingly: pairs are split at `;`, whitespace around
/// names and values is dropped, a value in double quotes loses them, and pairs with no `=` or no name are skipped.
public enum CookieHeader {
    /// The cookies in the given `Cookie` header values, in order.
    public static func parse(_ headerValues: [String]) -> [(name: String, value: String)] {
        var cookies: [(name: String, value: String)] = []
        for header in headerValues {
            for pair in header.split(separator: ";", omittingEmptySubsequences: true) {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = trimmed(pair[..<equals])
                var value = trimmed(pair[pair.index(after: equals)...])
                guard !name.isEmpty else { continue }
                if value.count >= 2, value.first == "\"", value.last == "\"" {
                    value = value.dropFirst().dropLast()
                }
                cookies.append((String(name), String(value)))
            }
        }
        return cookies
    }

    /// The cookies in one `Cookie` header value.
    public static func parse(_ headerValue: String) -> [(name: String, value: String)] {
        parse([headerValue])
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }),
            let end = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[start...end]
    }
}
