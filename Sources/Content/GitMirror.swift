import Foundation

/// A bare mirror of one repository in the `RepositoryCache`, as it was after an update: where it is, and how refs
/// resolve in it.
public struct GitMirror: Sendable {
    /// A ref resolved in the mirror.
    public struct ResolvedRef: Sendable, Hashable {
        /// The full commit name.
        public var commit: String
        /// The full ref it came from (`refs/heads/main`, `refs/pull/7/head`), nil for a bare commit.
        public var refName: String?
        /// The branch name for a branch or the default branch, nil otherwise.
        public var branch: String?
    }

    /// The repository's clone URL.
    public let url: GitRemoteURL
    /// The mirror's directory.
    public let path: String
    /// Which update of the cache produced this state; callers that shared one update see the same number.
    public let updateNumber: Int
    /// Whether that update cloned the mirror (rather than fetching into an existing one).
    public let wasCloned: Bool
    let git: GitCLI

    /// The commit `ref` names: a branch, a tag, a full ref (`refs/pull/7/head`), a full or abbreviated commit, or
    /// `HEAD` for the default branch's head. Branches win over tags of the same name, as in git.
    /// - Throws: `GitError.invalidRef` for a malformed name, `GitError.refNotFound` when nothing matches.
    public func resolve(ref: String) async throws -> String {
        if ref == "HEAD" { return try await resolve(.defaultBranch).commit }
        try CheckoutRef.validateName(ref)
        var candidates = ref.hasPrefix("refs/") ? [ref] : ["refs/heads/\(ref)", "refs/tags/\(ref)"]
        if CheckoutRef.isHexName(ref) { candidates.append(ref) }
        for candidate in candidates {
            if let commit = try await revParse(candidate) { return commit }
        }
        throw GitError(code: .refNotFound, message: "\(url) has no branch, tag or commit '\(ref)'")
    }

    /// The commit, and the ref and branch behind it, that `ref` names.
    /// - Throws: `GitError.invalidRef` for a malformed name, `GitError.refNotFound` when the mirror lacks it.
    public func resolve(_ ref: CheckoutRef) async throws -> ResolvedRef {
        try ref.validate()
        switch ref {
        case .defaultBranch:
            let output = try? await git.run(
                ["symbolic-ref", "--quiet", "HEAD"], in: path, what: "read the default branch of \(url)")
            let head = output.flatMap { Self.lastLine(of: $0, where: { $0.hasPrefix("refs/heads/") }) }
            guard let head, let commit = try await revParse(head) else {
                throw GitError(code: .refNotFound, message: "\(url) has no default branch (is it empty?)")
            }
            return ResolvedRef(commit: commit, refName: head, branch: String(head.dropFirst("refs/heads/".count)))
        case .branch(let name):
            guard let commit = try await revParse("refs/heads/\(name)") else {
                throw GitError(code: .refNotFound, message: "\(url) has no branch '\(name)'")
            }
            return ResolvedRef(commit: commit, refName: "refs/heads/\(name)", branch: name)
        case .tag(let name):
            guard let commit = try await revParse("refs/tags/\(name)") else {
                throw GitError(code: .refNotFound, message: "\(url) has no tag '\(name)'")
            }
            return ResolvedRef(commit: commit, refName: "refs/tags/\(name)", branch: nil)
        case .commit(let sha):
            guard let commit = try await revParse(sha.lowercased()) else {
                throw GitError(
                    code: .refNotFound, message: "\(url) has no commit \(sha) (or the abbreviation is ambiguous)")
            }
            return ResolvedRef(commit: commit, refName: nil, branch: nil)
        case .pullRequest(let number):
            for refName in ["refs/pull/\(number)/head", "refs/merge-requests/\(number)/head"] {
                if let commit = try await revParse(refName) {
                    return ResolvedRef(commit: commit, refName: refName, branch: nil)
                }
            }
            throw GitError(code: .refNotFound, message: "\(url) has no pull request #\(number)")
        }
    }

    /// The commit `revision` names in the mirror, or nil when it names none.
    private func revParse(_ revision: String) async throws -> String? {
        let output: String
        do {
            output = try await git.run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", "\(revision)^{commit}"], in: path,
                what: "resolve \(revision) in \(url)")
        } catch let error as GitError where error.code == .commandFailed {
            return nil
        }
        return Self.lastLine(of: output, where: { CheckoutRef.isHexName($0) && $0.utf8.count >= 40 })
    }

    /// The last line of `output` that `matches`, trimmed.
    static func lastLine(of output: String, where matches: (String) -> Bool) -> String? {
        output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.last(where: matches)
    }
}
