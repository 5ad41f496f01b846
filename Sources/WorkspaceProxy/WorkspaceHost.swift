/// What a request's `Host` header names, read strictly against the public URL.
///
/// The base host (at any port) is the dashboard. A single label under the base host at the public port is a
/// workspace: `<wsid>` for its IDE, `<port>-<wsid>` for one of its ports. Anything else under the base host is
/// `.invalid` (answered 404); a host that is not ours at all (an IP address, another name) is `.foreign` and goes
/// to the dashboard's router like the base host.
public enum WorkspaceHost: Sendable, Equatable {
    /// The dashboard and API.
    case dashboard
    /// A workspace's IDE endpoint.
    case ide(workspaceID: String)
    /// Port `port` inside a workspace.
    case port(Int, workspaceID: String)
    /// A name under the base host that names no workspace; the reason says why.
    case invalid(String)
    /// Not a name under the base host.
    case foreign

    /// Reads a `Host` header value.
    public init(hostHeader: String?, publicURL: PublicURL) {
        guard let hostHeader, let authority = HostAuthority(hostHeader, defaultPort: publicURL.defaultPort) else {
            self = .foreign
            return
        }
        if authority.name == publicURL.host {
            self = .dashboard
            return
        }
        guard authority.name.hasSuffix("." + publicURL.host) else {
            self = .foreign
            return
        }
        let label = authority.name.dropLast(publicURL.host.count + 1)
        guard authority.port == publicURL.port else {
            self = .invalid("workspace hosts are served on port \(publicURL.port) only")
            return
        }
        guard !label.contains(".") else {
            self = .invalid("'\(authority.name)' is not a workspace host: expected <id>.\(publicURL.host)")
            return
        }
        if let parsed = Self.workspace(label: label) {
            self = parsed
        } else {
            self = .invalid("'\(label)' is not a workspace ID or <port>-<workspace ID>")
        }
    }

    /// `<wsid>` or `<port>-<wsid>`: an ID is a letter, then letters and digits; a port has no leading zero.
    static func workspace(label: Substring) -> WorkspaceHost? {
        if let hyphen = label.firstIndex(of: "-") {
            let digits = label[..<hyphen]
            let id = label[label.index(after: hyphen)...]
            guard (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                digits.first != "0", let port = Int(digits), (1...65535).contains(port), isWorkspaceID(id)
            else { return nil }
            return .port(port, workspaceID: String(id))
        }
        return isWorkspaceID(label) ? .ide(workspaceID: String(label)) : nil
    }

    static func isWorkspaceID(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    /// The workspace this host belongs to, if any.
    public var workspaceID: String? {
        switch self {
        case .ide(let id), .port(_, let id): id
        case .dashboard, .invalid, .foreign: nil
        }
    }

    /// The host name (without port) of a workspace host under `publicURL`.
    public func hostName(publicURL: PublicURL) -> String? {
        switch self {
        case .ide(let id): publicURL.ideHost(workspaceID: id)
        case .port(let port, let id): publicURL.portHost(port, workspaceID: id)
        case .dashboard, .invalid, .foreign: nil
        }
    }
}
