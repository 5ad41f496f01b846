import HTTP

/// What the proxy removes from requests going into a workspace and from the answers coming out, and the Origin
/// rule for WebSocket upgrades. Pure functions, tested without I/O.
public enum WorkspaceRequestFilter {
    /// The `Cookie` headers without the named cookies (the platform's and the workspace host's), other cookies
    /// kept as sent; no `Cookie` header when none is left. `Authorization` is removed too.
    public static func strippingCredentials(_ headers: HTTPHeaders, cookieNames: Set<String>) -> HTTPHeaders {
        var result = headers
        let cookies = headers.values("Cookie")
        result.removeAll {
            HTTPHeaders.namesEqual($0.name, "Cookie") || HTTPHeaders.namesEqual($0.name, "Authorization")
        }
        var kept: [String] = []
        for header in cookies {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingHTTPWhitespace()
                let name = trimmed.split(separator: "=", maxSplits: 1).first.map { $0.trimmingHTTPWhitespace() } ?? ""
                if trimmed.isEmpty || cookieNames.contains(String(name)) { continue }
                kept.append(String(trimmed))
            }
        }
        if !kept.isEmpty { result.add(name: "Cookie", value: kept.joined(separator: "; ")) }
        return result
    }

    /// The response headers without any `Set-Cookie` that carries a `Domain` attribute (which would reach the
    /// dashboard or sibling workspaces) or that names one of the platform's cookies.
    public static func filteringSetCookie(_ headers: HTTPHeaders, cookieNames: Set<String>) -> HTTPHeaders {
        var result = headers
        result.removeAll { field in
            guard HTTPHeaders.namesEqual(field.name, "Set-Cookie") else { return false }
            let parts = field.value.split(separator: ";", omittingEmptySubsequences: false)
            let name = parts.first?.split(separator: "=", maxSplits: 1).first.map { $0.trimmingHTTPWhitespace() }
            if let name, cookieNames.contains(String(name)) { return true }
            return parts.dropFirst().contains { attribute in
                let attributeName = attribute.split(separator: "=", maxSplits: 1).first ?? ""
                return attributeName.trimmingHTTPWhitespace().lowercased() == "domain"
            }
        }
        return result
    }

    /// Whether a request asks to upgrade the connection (a WebSocket, say).
    public static func isUpgrade(_ headers: HTTPHeaders) -> Bool {
        headers.contains("Upgrade") || headers.containsToken("upgrade", in: "Connection")
    }

    /// Whether a cross-origin check lets the request through: an `Origin` must be one of `allowedOrigins`
    /// (compared without regard to case); `null` and anything else are refused. A request with no `Origin` passes
    /// only when it carries no cookie, since a browser always sends one and non-browser clients hold no cookies.
    public static func originAllowed(_ headers: HTTPHeaders, allowedOrigins: [String]) -> Bool {
        let origins = headers.values("Origin")
        guard let origin = origins.first else { return !headers.contains("Cookie") }
        guard origins.count == 1 else { return false }
        let lowered = origin.trimmingHTTPWhitespace().lowercased()
        return allowedOrigins.contains { $0.lowercased() == lowered }
    }
}
