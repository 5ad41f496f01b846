import Foundation

/// Reads what a user pastes to open a workspace: web URLs of GitHub, GitLab, Gitea and Bitbucket pages, clone URLs
/// (`https://…/repo.git`, `git@host:owner/repo.git`, `ssh://…`), URLs without a scheme, and a `NAME=value,…/`
/// prefix of environment variables. Pure: no network, no files.
///
/// Input that could make git do something other than fetch a repository over the network is refused: transport
/// helpers (`ext::`), arguments disguised as URLs (a leading `-`), control characters, credentials, `..` segments,
/// and — unless `allowLocalRepositories` — `file://` URLs and loopback or private-network hosts.
public struct ContextURLParser: Sendable {
    /// Which hosts run which kind of git hosting.
    public var hosts: GitHostConfiguration
    /// Whether `file://` URLs and loopback or private-network hosts are allowed (the server's `--allow-local-repos`).
    public var allowLocalRepositories: Bool

    /// The longest context URL accepted, in bytes.
    public static let maximumLength = 4096

    public init(hosts: GitHostConfiguration = .defaults, allowLocalRepositories: Bool = false) {
        self.hosts = hosts
        self.allowLocalRepositories = allowLocalRepositories
    }

    /// Parses a context URL into the workspace context it names, without contacting the remote.
    /// - Parameter text: what the user pasted; spaces around it are ignored.
    /// - Throws: `ContextURLError` naming what is wrong or unsafe.
    public func parse(_ text: String) throws -> WorkspaceContext {
        try parse(text, original: text, allowNestedURL: true)
    }

    private func parse(_ text: String, original: String, allowNestedURL: Bool) throws -> WorkspaceContext {
        var rest = Substring(text)
        while rest.first == " " { rest.removeFirst() }
        while rest.last == " " { rest.removeLast() }
        guard !rest.isEmpty else { throw ContextURLError.invalid(original, "it is empty") }
        guard rest.utf8.count <= Self.maximumLength else {
            throw ContextURLError.invalid(original, "it is longer than \(Self.maximumLength) bytes")
        }
        if rest.first == "#" { rest.removeFirst() }
        try Self.checkTransportHelper(rest, in: original)
        try Self.checkLeadingDash(rest, in: original)
        try Self.checkCharacters(rest, in: original, what: "it")

        var environment: [String: String] = [:]
        if let prefix = Self.environmentPrefix(rest) {
            environment = try Self.parseEnvironment(prefix, in: original)
            rest = rest[rest.index(after: prefix.endIndex)...]
            guard !rest.isEmpty else {
                throw ContextURLError.invalid(original, "there is no URL after the variables")
            }
            try Self.checkTransportHelper(rest, in: original)
            try Self.checkLeadingDash(rest, in: original)
        }

        var context = try parseLocation(rest, original: original, allowNestedURL: allowNestedURL)
        if !environment.isEmpty {
            guard context.envVars.isEmpty else {
                throw ContextURLError.environment(original, "variables are given twice")
            }
            context.envVars = environment
        }
        return context
    }

    // MARK: Schemes and authorities

    private func parseLocation(
        _ text: Substring, original: String, allowNestedURL: Bool
    ) throws -> WorkspaceContext {
        if let length = Self.schemeLength(text) {
            let scheme = text.prefix(length).lowercased()
            let rest = text.dropFirst(length + 3)
            switch scheme {
            case "https", "http":
                return try parseURL(rest, scheme: scheme, original: original, allowNestedURL: allowNestedURL)
            case "ssh", "git+ssh", "ssh+git", "git":
                return try parseURL(rest, scheme: "ssh", original: original, allowNestedURL: false)
            case "file":
                return try parseFileURL(rest, original: original)
            default:
                throw ContextURLError.invalid(
                    original, "the scheme '\(scheme)' is not supported (use https://, ssh:// or git@host:path)")
            }
        }
        let colon = text.firstIndex(of: ":")
        let slash = text.firstIndex(of: "/")
        if let colon, slash.map({ colon < $0 }) ?? true, !Self.isPortThenPath(text[text.index(after: colon)...]) {
            return try parseSCP(text, colon: colon, original: original)
        }
        let firstSegment = text[..<(slash ?? text.endIndex)]
        let hostPart = firstSegment.split(separator: ":").first.map { $0.lowercased() } ?? ""
        guard hostPart.contains(".") || hostPart == "localhost" || hosts.kinds[hostPart] != nil else {
            throw ContextURLError.invalid(original, "expected a URL such as https://github.com/owner/repo")
        }
        return try parseURL(text, scheme: "https", original: original, allowNestedURL: allowNestedURL)
    }

    /// `[user@]host:path`, git's scp-like syntax for ssh.
    private func parseSCP(_ text: Substring, colon: Substring.Index, original: String) throws -> WorkspaceContext {
        var authority = text[..<colon]
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at]
            guard !user.isEmpty, user.utf8.allSatisfy(Self.isUserCharacter), user.first != "-" else {
                throw ContextURLError.invalid(original, "'\(user)' is not an ssh user name")
            }
            authority = authority[authority.index(after: at)...]
        }
        guard !authority.contains("["), !authority.contains("@") else {
            throw ContextURLError.invalid(original, "'\(authority)' is not a host name")
        }
        var path = text[text.index(after: colon)...]
        while path.first == "/" { path.removeFirst() }
        return try parseURL(authority + "/" + path, scheme: "ssh", original: original, allowNestedURL: false)
    }

    /// `host[:port]/path[?query][#fragment]` after `scheme://`.
    private func parseURL(
        _ text: Substring, scheme: String, original: String, allowNestedURL: Bool
    ) throws -> WorkspaceContext {
        var rest = text
        var fragment: Substring?
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let rawPath = rest[authorityEnd...]

        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            if userinfo.contains(":") {
                throw ContextURLError.unsafe(
                    original, "it contains a password; never put credentials in a context URL")
            }
            authority = authority[authority.index(after: at)...]
        }
        let (host, isBracketed, port) = try Self.splitHostAndPort(authority, original: original)
        if host.first == "-" {
            throw ContextURLError.unsafe(original, "the host starts with '-', which git would read as an option")
        }
        if let problem = HostName.problem(with: host, isBracketed: isBracketed) {
            throw ContextURLError.invalid(original, problem)
        }
        if !allowLocalRepositories, let reason = HostName.localReason(host) {
            throw ContextURLError.local(original, reason)
        }

        if allowNestedURL, let fragment, fragment.contains("://"), rawPath.allSatisfy({ $0 == "/" }) {
            return try parse(String(fragment), original: original, allowNestedURL: false)
        }

        let rawSegments = try Self.pathSegments(rawPath, original: original)
        let segments = try rawSegments.map { try Self.decode($0, original: original) }
        let displayHost = isBracketed ? "[\(host)]" : host
        let keepsPort = scheme != "ssh" && port != nil && port != (scheme == "http" ? 80 : 443)
        let hostField = keepsPort ? "\(displayHost):\(port ?? 0)" : displayHost
        let kind = hosts.kind(ofHost: host, port: keepsPort ? port : nil)
        let base = (scheme == "http" ? "http://" : "https://") + hostField
        return try readPath(
            segments, rawSegments: rawSegments, kind: kind, host: hostField, cloneBase: base, original: original)
    }

    /// `file:///path/to/repo`, only with `allowLocalRepositories`.
    private func parseFileURL(_ text: Substring, original: String) throws -> WorkspaceContext {
        guard allowLocalRepositories else {
            throw ContextURLError.local(original, "file:// URLs read this machine's files")
        }
        let authorityEnd = text.firstIndex(of: "/") ?? text.endIndex
        let authority = text[..<authorityEnd].lowercased()
        guard authority.isEmpty || authority == "localhost" else {
            throw ContextURLError.invalid(original, "a file:// URL names no host other than localhost")
        }
        var rawPath = text[authorityEnd...]
        while rawPath.count > 1, rawPath.last == "/" { rawPath.removeLast() }
        let rawSegments = try Self.pathSegments(rawPath, original: original)
        var segments = try rawSegments.map { try Self.decode($0, original: original) }
        if segments.last == ".git" { segments.removeLast() }
        guard let last = segments.last else {
            throw ContextURLError.invalid(original, "the file:// URL names no directory")
        }
        let repo = Self.removingGitSuffix(last)
        guard !repo.isEmpty else { throw ContextURLError.invalid(original, "the repository name is empty") }
        return WorkspaceContext(
            host: "localhost", hostKind: .git, owner: "/" + segments.dropLast().joined(separator: "/"), repo: repo,
            cloneURL: "file://" + rawPath)
    }

    // MARK: Pieces

    /// The length of a `scheme` followed by `://`, or nil.
    static func schemeLength(_ text: Substring) -> Int? {
        guard let first = text.utf8.first, isLetter(first) else { return nil }
        var length = 0
        for byte in text.utf8 {
            if isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            {
                length += 1
            } else {
                break
            }
        }
        return text.dropFirst(length).hasPrefix("://") ? length : nil
    }

    /// The `A=1,B=2` before the first `/`, when the text starts with variables rather than a URL: an `=` comes before
    /// any `:` or `@` (which would make it a scheme, an scp-like address or a user).
    static func environmentPrefix(_ text: Substring) -> Substring? {
        guard schemeLength(text) == nil, let slash = text.firstIndex(of: "/") else { return nil }
        let prefix = text[..<slash]
        guard let equals = prefix.firstIndex(of: "=") else { return nil }
        let other = prefix.firstIndex { $0 == ":" || $0 == "@" }
        return other.map { equals < $0 } ?? true ? prefix : nil
    }

    private static func checkLeadingDash(_ text: Substring, in original: String) throws {
        if text.first == "-" {
            throw ContextURLError.unsafe(original, "it starts with '-', which git would read as an option")
        }
    }

    /// Refuses git's `<transport>::<address>` syntax (`ext::sh -c …`, `fd::3`), which runs helpers instead of
    /// fetching.
    static func checkTransportHelper(_ text: Substring, in original: String) throws {
        guard let first = text.utf8.first, isLetter(first) else { return }
        let name = text.prefix {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".")
        }
        if text.dropFirst(name.count).hasPrefix("::") {
            throw ContextURLError.unsafe(
                original, "'\(name)::' is a git transport helper, which can run commands; use an https URL")
        }
    }

    /// Refuses control characters (newlines included), and spaces that would make it several words.
    static func checkCharacters(
        _ text: Substring, in original: String, what: String, allowsSpaces: Bool = false
    ) throws {
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.properties.isBidiControl {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                throw ContextURLError.unsafe(original, "\(what) contains the control character U+\(code)")
            }
            if scalar == " ", !allowsSpaces {
                throw ContextURLError.invalid(original, "\(what) contains a space (encode it as %20)")
            }
        }
    }

    /// Whether the text after a colon is a port followed by a path or nothing (`8443/owner/repo`).
    private static func isPortThenPath(_ text: Substring) -> Bool {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && (digits.count == text.count || text.dropFirst(digits.count).first == "/")
    }

    private static func splitHostAndPort(
        _ authority: Substring, original: String
    ) throws -> (host: String, isBracketed: Bool, port: Int?) {
        var hostText = authority
        var portText: Substring?
        var isBracketed = false
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else {
                throw ContextURLError.invalid(original, "the IPv6 address has no closing ']'")
            }
            hostText = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else {
                    throw ContextURLError.invalid(original, "unexpected '\(after)' after the IPv6 address")
                }
                portText = after.dropFirst()
            }
            isBracketed = true
        } else if let colon = authority.firstIndex(of: ":") {
            hostText = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(portText), (1...65535).contains(value)
            else {
                throw ContextURLError.invalid(original, "the port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }
        var host = hostText.lowercased()
        if !isBracketed, host.count > 1, host.hasSuffix(".") { host.removeLast() }
        return (host, isBracketed, port)
    }

    /// The path's segments, without the leading slash and trailing slashes; an empty segment inside is an error.
    static func pathSegments(_ path: Substring, original: String) throws -> [Substring] {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.first?.isEmpty == true { segments.removeFirst() }
        while segments.last?.isEmpty == true { segments.removeLast() }
        if segments.contains(where: \.isEmpty) {
            throw ContextURLError.invalid(original, "the path has an empty segment ('//')")
        }
        return segments
    }

    /// A percent-decoded path segment, refused when it is `.` or `..` or hides a control character.
    static func decode(_ segment: Substring, original: String) throws -> String {
        guard let decoded = String(segment).removingPercentEncoding else {
            throw ContextURLError.invalid(original, "'\(segment)' has a malformed %-escape")
        }
        if decoded == ".." || decoded == "." {
            throw ContextURLError.unsafe(original, "the path has a '\(decoded)' segment")
        }
        if decoded.split(separator: "/").contains(where: { $0 == ".." }) {
            throw ContextURLError.unsafe(original, "the path has an encoded '..' segment")
        }
        try checkCharacters(
            Substring(decoded), in: original, what: "the decoded segment '\(segment)'", allowsSpaces: true)
        return decoded
    }

    /// `A=1,B=x%2Fy`: names are shell-style identifiers; values are percent-decoded.
    static func parseEnvironment(_ text: Substring, in original: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ContextURLError.environment(original, "'\(pair)' is not NAME=value")
            }
            let name = String(pair[..<equals])
            guard let first = name.utf8.first, isLetter(first) || first == UInt8(ascii: "_"),
                name.utf8.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") })
            else {
                throw ContextURLError.environment(
                    original, "'\(name)' is not a variable name (letters, digits and '_', not starting with a digit)")
            }
            guard let value = String(pair[pair.index(after: equals)...]).removingPercentEncoding else {
                throw ContextURLError.environment(original, "the value of \(name) has a malformed %-escape")
            }
            try checkCharacters(Substring(value), in: original, what: "the value of \(name)", allowsSpaces: true)
            guard result.updateValue(value, forKey: name) == nil else {
                throw ContextURLError.environment(original, "\(name) is given twice")
            }
        }
        return result
    }

    static func removingGitSuffix(_ name: String) -> String {
        name.lowercased().hasSuffix(".git") ? String(name.dropLast(4)) : name
    }

    static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    private static func isUserCharacter(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}
