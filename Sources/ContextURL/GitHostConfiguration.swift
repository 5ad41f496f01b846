/// The kind of git hosting a host runs, which decides how its web URLs are read.
public enum GitHostKind: String, Codable, Sendable, CaseIterable {
    case github
    case gitlab
    case gitea
    case bitbucket
    /// Any other git server: the whole URL path names the repository.
    case git
}

/// Which hosts run which kind of git hosting: github.com, gitlab.com and bitbucket.org by default, plus any
/// self-hosted ones an installation declares (`git.example.com=gitea`).
public struct GitHostConfiguration: Sendable, Equatable {
    /// Lower-case host names (with `:port` when one is part of the declaration) and their kinds.
    public private(set) var kinds: [String: GitHostKind]

    /// The public hosts every installation knows.
    public static let defaults = GitHostConfiguration(kinds: [
        "github.com": .github, "www.github.com": .github, "gitlab.com": .gitlab, "www.gitlab.com": .gitlab,
        "bitbucket.org": .bitbucket, "www.bitbucket.org": .bitbucket,
    ])

    /// A configuration with exactly these hosts.
    public init(kinds: [String: GitHostKind]) {
        self.kinds = Dictionary(kinds.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The defaults plus declarations of the form `HOST=KIND` (`git.example.com=gitea`), later ones winning.
    /// - Throws: `ContextURLError` naming the declaration that is not `HOST=KIND` or names an unknown kind.
    public init(declarations: [String]) throws {
        self = .defaults
        for declaration in declarations {
            try add(declaration)
        }
    }

    /// Adds one `HOST=KIND` declaration.
    /// - Throws: `ContextURLError` when it is not `HOST=KIND`, the host is not a host name or the kind is unknown.
    public mutating func add(_ declaration: String) throws {
        let parts = declaration.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let known = GitHostKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ContextURLError.invalidHostDeclaration(declaration, "expected HOST=KIND, KIND one of \(known)")
        }
        let host = parts[0].lowercased()
        guard HostName.isValidDeclaredHost(host) else {
            throw ContextURLError.invalidHostDeclaration(declaration, "'\(host)' is not a host name")
        }
        guard let kind = GitHostKind(rawValue: parts[1].lowercased()) else {
            throw ContextURLError.invalidHostDeclaration(
                declaration, "unknown kind '\(parts[1])', expected one of \(known)")
        }
        kinds[host] = kind
    }

    /// The kind of `host` (lower case, with its port when it has one): a declaration for `host:port` wins over one
    /// for the bare host; unknown hosts are plain git.
    public func kind(ofHost host: String, port: Int?) -> GitHostKind {
        if let port, let kind = kinds["\(host):\(port)"] { return kind }
        return kinds[host] ?? .git
    }
}
