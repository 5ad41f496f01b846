/// A ref a remote repository advertises, with the commit it points at.
public struct GitRef: Sendable, Equatable, Codable {
    /// What the ref is.
    public enum Kind: String, Sendable, Codable {
        /// The remote's `HEAD`; `symbolicTarget` names the default branch when HEAD is not detached.
        case head
        /// `refs/heads/<name>`.
        case branch
        /// `refs/tags/<name>`.
        case tag
        /// Any other ref (`refs/pull/12/head`), by its full name.
        case other
    }

    /// The short name for branches and tags (`feature/x`, `v1.0`), `HEAD`, or the full name of other refs.
    public var name: String
    public var kind: Kind
    /// The commit the ref points at (for annotated tags, the tagged commit).
    public var commit: String
    /// For `HEAD`: the branch it points at (`main`), when the remote says.
    public var symbolicTarget: String?

    public init(name: String, kind: Kind, commit: String, symbolicTarget: String? = nil) {
        self.name = name
        self.kind = kind
        self.commit = commit
        self.symbolicTarget = symbolicTarget
    }
}

/// Lists the refs of a remote repository; `GitLsRemote` asks the remote with `git ls-remote`.
public protocol RefLister: Sendable {
    /// The refs the remote advertises that match `patterns`, with `HEAD` when asked for.
    /// - Parameters:
    ///   - cloneURL: the repository to ask.
    ///   - patterns: `git ls-remote` patterns, matched against the end of full ref names: `HEAD`, `refs/heads/*`,
    ///     `refs/pull/12/head`.
    /// - Throws: `ContextURLError` with code `remoteFailed` when the remote cannot be asked.
    func refs(cloneURL: String, matching patterns: [String]) async throws -> [GitRef]
}
