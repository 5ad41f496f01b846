import Foundation

/// What a context URL asks to open: a repository, at a ref or commit, perhaps a path in it, with environment variables.
///
/// `swiftpod context parse --json` prints this value. After `ContextURLParser.parse` a ref may still be provisional:
/// `tree/feature/x/src` could be branch `feature` with path `x/src` or branch `feature/x` with path `src`, so the
/// raw segments are kept in `unresolvedRef` until `ContextResolver` splits them against the remote's refs.
public struct WorkspaceContext: Codable, Sendable, Equatable {
    /// What kind of ref the context names.
    public enum RefType: String, Codable, Sendable {
        /// The repository's default branch (from the remote's `HEAD`).
        case `default`
        case branch
        case tag
        case commit
        /// A pull or merge request's head.
        case pullRequest
    }

    /// The host name in lower case, with `:port` when the URL gave a port other than its scheme's default;
    /// `localhost` for `file://` URLs.
    public var host: String
    /// How the host's web URLs were read.
    public var hostKind: GitHostKind
    /// The owner: a user, an organization, a GitLab group path (`group/subgroup`), or for plain git hosts every
    /// path segment before the repository's (possibly empty); for `file://`, the parent directory.
    public var owner: String
    /// The repository name, without `.git`.
    public var repo: String
    /// The URL to clone: https (or http when the context said http) with `.git` for hosting services; plain git
    /// hosts keep the path as given; `file://` URLs stay as they are.
    public var cloneURL: String
    /// The branch or tag name, the commit, or the pull request's ref (`refs/pull/12/head`); nil for the default
    /// branch until resolved.
    public var ref: String?
    /// What `ref` names; `branch` is provisional for `tree/<ref>` until resolved (it may turn out a tag or commit).
    public var refType: RefType
    /// A file or directory inside the repository to open.
    public var path: String?
    /// The pull or merge request number.
    public var pullRequest: Int?
    /// The commit the ref points at, once resolved (or the commit the URL named).
    public var commit: String?
    /// The ref and path segments still to be split against the remote's refs (`["feature", "x", "src"]`).
    public var unresolvedRef: [String]?
    /// Environment variables from the `NAME=value,…/` prefix, values decoded.
    public var envVars: [String: String]

    public init(
        host: String, hostKind: GitHostKind, owner: String, repo: String, cloneURL: String, ref: String? = nil,
        refType: RefType = .default, path: String? = nil, pullRequest: Int? = nil, commit: String? = nil,
        unresolvedRef: [String]? = nil, envVars: [String: String] = [:]
    ) {
        self.host = host
        self.hostKind = hostKind
        self.owner = owner
        self.repo = repo
        self.cloneURL = cloneURL
        self.ref = ref
        self.refType = refType
        self.path = path
        self.pullRequest = pullRequest
        self.commit = commit
        self.unresolvedRef = unresolvedRef
        self.envVars = envVars
    }

    /// The JSON text: keys sorted, absent values left out, slashes unescaped.
    public func jsonText(pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
