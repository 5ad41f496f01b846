/// The server's public URL (`--public-url`): the dashboard's origin, and the base of every workspace host name.
///
/// Only `http` and `https` with a DNS host name (no user info, no path beyond `/`) are accepted; the host is kept
/// in lower case without a trailing dot.
public struct PublicURL: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The base host name, such as `localhost` or `swiftpod.example.com`.
    public let host: String
    /// The port clients use: explicit, or 80/443 from the scheme.
    public let port: Int

    /// Reads a public URL such as `http://localhost:8080`.
    /// - Throws: `WorkspaceProxyError` naming what is wrong with `text`.
    public init(parsing text: String) throws(WorkspaceProxyError) {
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("http://") {
            scheme = "http"
        } else if lowered.hasPrefix("https://") {
            scheme = "https"
        } else {
            throw .invalidPublicURL(text, "it must start with http:// or https://")
        }
        var rest = Substring(lowered.dropFirst(scheme.count + 3))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("@"), !rest.contains("?"), !rest.contains("#") else {
            throw .invalidPublicURL(text, "it must be a scheme, a host and an optional port, with no path")
        }
        guard let authority = HostAuthority(rest, defaultPort: scheme == "https" ? 443 : 80) else {
            throw .invalidPublicURL(text, "the host must be a DNS name with an optional port between 1 and 65535")
        }
        self.scheme = scheme
        self.host = authority.name
        self.port = authority.port
    }

    /// Whether browsers reach the server over https.
    public var isSecure: Bool { scheme == "https" }

    /// The port a host without an explicit port means: 443 under https, 80 otherwise.
    public var defaultPort: Int { isSecure ? 443 : 80 }

    /// `host[:port]` for a host name under this URL, with the port only when it is not the scheme's default.
    public func authority(forHost name: String) -> String {
        port == defaultPort ? name : "\(name):\(port)"
    }

    /// The dashboard's origin, such as `http://localhost:8080`.
    public var origin: String { origin(forHost: host) }

    /// The origin of a host name under this URL.
    public func origin(forHost name: String) -> String { "\(scheme)://\(authority(forHost: name))" }

    /// The host of a workspace's IDE: `<wsid>.<host>`.
    public func ideHost(workspaceID: String) -> String { "\(workspaceID).\(host)" }

    /// The host of a workspace's port: `<port>-<wsid>.<host>`.
    public func portHost(_ port: Int, workspaceID: String) -> String { "\(port)-\(workspaceID).\(host)" }

    public var description: String { origin }
}

/// A host name and port read strictly from a `Host` header or URL authority: lower case, one trailing dot dropped,
/// DNS labels of letters, digits and hyphens only.
struct HostAuthority: Equatable {
    let name: String
    let port: Int
    /// Whether the text named the port explicitly.
    let hasExplicitPort: Bool

    init?(_ text: some StringProtocol, defaultPort: Int) {
        let lowered = text.lowercased()
        var name = Substring(lowered)
        var port = defaultPort
        var explicit = false
        if let colon = lowered.lastIndex(of: ":") {
            let digits = lowered[lowered.index(after: colon)...]
            guard (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                digits.first != "0", let value = Int(digits), (1...65535).contains(value)
            else { return nil }
            port = value
            explicit = true
            name = lowered[..<colon]
        }
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            else { return nil }
        }
        self.name = String(name)
        self.port = port
        self.hasExplicitPort = explicit
    }
}
