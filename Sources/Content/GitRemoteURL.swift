import Crypto

/// A repository's clone URL, checked before git ever sees it: `https`, `http`, `ssh` and `git` URLs, scp-like
/// `user@host:path`, and local paths or `file://` URLs only where they are allowed (tests, a server's own mirrors).
///
/// Transports that run programs (`ext::`), option-like URLs and URLs with spaces or control characters are refused.
public struct GitRemoteURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL exactly as git is given it.
    public let rawValue: String
    /// The host, lowercased, with `_port` appended when a port is given; "local" for local repositories.
    public let host: String
    /// The path's components on the host, without a trailing `.git` on the last one.
    public let pathComponents: [String]
    /// Whether the URL names a repository on this machine.
    public let isLocal: Bool

    /// Checks `rawValue`.
    /// - Throws: `GitError.invalidURL` naming what is wrong.
    public init(_ rawValue: String, allowsLocal: Bool = false) throws {
        func refuse(_ reason: String) -> GitError {
            GitError(code: .invalidURL, message: "clone URL \(Self.redact(rawValue)) \(reason)")
        }
        guard !rawValue.isEmpty else { throw GitError(code: .invalidURL, message: "the clone URL is empty") }
        guard !rawValue.hasPrefix("-") else { throw refuse("must not start with '-'") }
        guard rawValue.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f }) else {
            throw refuse("must not contain spaces or control characters")
        }
        guard !rawValue.contains("::") else { throw refuse("uses a transport helper (\"::\"), which is not allowed") }
        self.rawValue = rawValue

        var hostPart: String
        var path: Substring
        if let schemeEnd = rawValue.range(of: "://") {
            let scheme = rawValue[..<schemeEnd.lowerBound].lowercased()
            let rest = rawValue[schemeEnd.upperBound...]
            if scheme == "file" {
                guard allowsLocal else { throw refuse("names a local repository, which is not allowed") }
                hostPart = "local"
                path = rest
            } else {
                guard ["https", "http", "ssh", "git"].contains(scheme) else {
                    throw refuse("has scheme '\(scheme)'; use https, http, ssh or git")
                }
                let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
                var authority = rest[..<authorityEnd]
                if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
                hostPart = String(authority)
                path = rest[authorityEnd...]
            }
        } else if rawValue.hasPrefix("/") {
            guard allowsLocal else { throw refuse("names a local repository, which is not allowed") }
            hostPart = "local"
            path = rawValue[...]
        } else if let colon = rawValue.firstIndex(of: ":"),
            !rawValue[..<colon].contains("/")
        {
            var authority = rawValue[..<colon]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            hostPart = String(authority)
            path = rawValue[rawValue.index(after: colon)...]
        } else {
            throw refuse("is not a URL; use https://host/owner/repo.git or user@host:owner/repo.git")
        }

        if hostPart != "local" {
            hostPart = hostPart.lowercased()
            if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasPrefix("[") {
                let port = hostPart[hostPart.index(after: colon)...]
                guard !port.isEmpty, port.allSatisfy(\.isNumber) else { throw refuse("has an invalid port") }
                hostPart = "\(hostPart[..<colon])_\(port)"
            }
            guard !hostPart.isEmpty, !hostPart.hasPrefix("-") else { throw refuse("has no host") }
        }
        var components = path.split(separator: "/").map(String.init)
        if let last = components.last, last.hasSuffix(".git") {
            components[components.count - 1] = String(last.dropLast(4))
        }
        guard !components.isEmpty, !components.contains(where: { $0 == "." || $0 == ".." || $0.isEmpty }) else {
            throw refuse("has no repository path, or one with '.' or '..' in it")
        }
        self.host = hostPart
        self.pathComponents = components
        self.isLocal = hostPart == "local"
    }

    /// The repository's name: the last path component, the default checkout location.
    public var repositoryName: String { pathComponents.last ?? "repository" }

    /// Where the bare mirror lives below the mirrors' root: `<host>/<owner>/<repo>.git`.
    ///
    /// Every component is a plain name (letters, digits, `.`, `_`, `-`, not starting with `.`); when one is not, or
    /// the repository is local, the path is `<host or "local">/_/<sha256 of the URL>.git` instead.
    public var mirrorRelativePath: String {
        let components = [host] + pathComponents
        if !isLocal && components.allSatisfy(Self.isPlainName) {
            return components.joined(separator: "/") + ".git"
        }
        let hash = SHA256.hash(Array(rawValue.utf8)).hexString
        let safeHost = Self.isPlainName(host) ? host : "_"
        return "\(safeHost)/_/\(hash).git"
    }

    /// The URL with any password or token removed, for messages and logs.
    public var description: String { Self.redact(rawValue) }

    /// `url` with the user information of a `scheme://user:secret@host` URL replaced by `***`.
    static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return url[..<schemeEnd.upperBound] + "***" + url[at...]
    }

    private static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != ".", name.utf8.count <= 100 else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_" || scalar == "-")
        }
    }
}
