/// How each kind of host lays out its web URLs after the repository: `tree/<ref>/path`, `-/merge_requests/<n>`,
/// `src/branch/<ref>`, `pull-requests/<n>` and the rest.
extension ContextURLParser {
    /// What a URL path says after the host, before it becomes a `WorkspaceContext`.
    struct Location {
        var ref: String?
        var refType: WorkspaceContext.RefType = .default
        var path: String?
        var pullRequest: Int?
        var commit: String?
        var unresolvedRef: [String]?
    }

    /// Pages of a repository that show no particular ref (lists, settings of the list): they open the default branch.
    static let listingPages: Set<String> = [
        "issues", "pulls", "pull-requests", "merge_requests", "branches", "tags", "releases", "commits", "wiki",
        "wikis", "activity", "graphs", "network", "actions", "pipelines", "milestones", "labels", "projects",
        "discussions", "security", "pulse", "stargazers", "forks", "contributors",
    ]

    func readPath(
        _ segments: [String], rawSegments: [Substring], kind: GitHostKind, host: String, cloneBase: String,
        original: String
    ) throws -> WorkspaceContext {
        if kind == .git {
            return try readPlainGitPath(
                segments, rawSegments: rawSegments, host: host, cloneBase: cloneBase, original: original)
        }
        var repositorySegments: [String]
        var rest: ArraySlice<String>
        if kind == .gitlab {
            let dash = segments.firstIndex(of: "-") ?? segments.endIndex
            repositorySegments = Array(segments[..<dash])
            rest = dash < segments.endIndex ? segments[(dash + 1)...] : []
        } else {
            repositorySegments = Array(segments.prefix(2))
            rest = segments.dropFirst(2)
        }
        guard repositorySegments.count >= 2 else {
            throw ContextURLError.invalid(
                original,
                repositorySegments.isEmpty
                    ? "it names no owner and repository" : "it names no repository after the owner")
        }
        let repo = Self.removingGitSuffix(repositorySegments.removeLast())
        for name in repositorySegments + [repo] {
            try Self.checkName(name, original: original)
        }
        let owner = repositorySegments.joined(separator: "/")
        let location: Location
        switch kind {
        case .github: location = try readGitHub(rest, original: original)
        case .gitlab: location = try readGitLab(rest, original: original)
        case .gitea: location = try readGitea(rest, original: original)
        case .bitbucket: location = try readBitbucket(rest, original: original)
        case .git: location = Location()
        }
        return WorkspaceContext(
            host: host, hostKind: kind, owner: owner, repo: repo, cloneURL: "\(cloneBase)/\(owner)/\(repo).git",
            ref: location.ref, refType: location.refType, path: location.path, pullRequest: location.pullRequest,
            commit: location.commit, unresolvedRef: location.unresolvedRef)
    }

    private func readPlainGitPath(
        _ segments: [String], rawSegments: [Substring], host: String, cloneBase: String, original: String
    ) throws -> WorkspaceContext {
        guard let last = segments.last else {
            throw ContextURLError.invalid(original, "it names no repository path after the host")
        }
        for segment in segments where segment.first == "-" {
            throw ContextURLError.unsafe(original, "the path segment '\(segment)' starts with '-'")
        }
        let repo = Self.removingGitSuffix(last)
        guard !repo.isEmpty else { throw ContextURLError.invalid(original, "the repository name is empty") }
        return WorkspaceContext(
            host: host, hostKind: .git, owner: segments.dropLast().joined(separator: "/"), repo: repo,
            cloneURL: cloneBase + "/" + rawSegments.joined(separator: "/"))
    }

    // MARK: Hosts

    private func readGitHub(_ rest: ArraySlice<String>, original: String) throws -> Location {
        guard let page = rest.first else { return Location() }
        let after = rest.dropFirst()
        switch page {
        case "tree", "blob": return try Self.refAndPath(after, after: page, original: original)
        case "commit": return try Self.commit(after, after: page, original: original)
        case "commits": return try Self.wholeRef(after, type: .branch, after: page, original: original)
        case "pull": return try Self.pullRequest(after, ref: { "refs/pull/\($0)/head" }, original: original)
        case "releases" where after.first == "tag":
            return try Self.wholeRef(after.dropFirst(), type: .tag, after: "releases/tag", original: original)
        default: return try Self.listingPage(page, host: "GitHub", original: original)
        }
    }

    private func readGitLab(_ rest: ArraySlice<String>, original: String) throws -> Location {
        guard let page = rest.first else { return Location() }
        let after = rest.dropFirst()
        switch page {
        case "tree", "blob": return try Self.refAndPath(after, after: "-/\(page)", original: original)
        case "commit": return try Self.commit(after, after: "-/commit", original: original)
        case "commits": return try Self.wholeRef(after, type: .branch, after: "-/commits", original: original)
        case "merge_requests" where !after.isEmpty:
            return try Self.pullRequest(after, ref: { "refs/merge-requests/\($0)/head" }, original: original)
        case "tags" where !after.isEmpty, "releases" where !after.isEmpty:
            return try Self.wholeRef(after, type: .tag, after: "-/\(page)", original: original)
        default: return try Self.listingPage(page, host: "GitLab", original: original)
        }
    }

    private func readGitea(_ rest: ArraySlice<String>, original: String) throws -> Location {
        guard let page = rest.first else { return Location() }
        let after = rest.dropFirst()
        switch (page, after.first) {
        case ("src", "branch"), ("commits", "branch"):
            return try Self.refAndPath(after.dropFirst(), after: "\(page)/branch", original: original)
        case ("src", "tag"), ("commits", "tag"):
            var location = try Self.refAndPath(after.dropFirst(), after: "\(page)/tag", original: original)
            location.refType = location.refType == .commit ? .commit : .tag
            return location
        case ("src", "commit"), ("commits", "commit"):
            return try Self.commit(after.dropFirst(), after: "\(page)/commit", original: original, keepsPath: true)
        case ("src", _): return try Self.refAndPath(after, after: "src", original: original)
        case ("commit", _): return try Self.commit(after, after: "commit", original: original)
        case ("pulls", _) where !after.isEmpty, ("pull", _):
            return try Self.pullRequest(after, ref: { "refs/pull/\($0)/head" }, original: original)
        case ("releases", "tag"):
            return try Self.wholeRef(after.dropFirst(), type: .tag, after: "releases/tag", original: original)
        default: return try Self.listingPage(page, host: "Gitea", original: original)
        }
    }

    private func readBitbucket(_ rest: ArraySlice<String>, original: String) throws -> Location {
        guard let page = rest.first else { return Location() }
        let after = rest.dropFirst()
        switch page {
        case "src": return try Self.refAndPath(after, after: "src", original: original)
        case "branch": return try Self.wholeRef(after, type: .branch, after: "branch", original: original)
        case "commits" where !after.isEmpty:
            return try Self.wholeRef(after, type: .branch, after: "commits", original: original)
        case "pull-requests" where !after.isEmpty:
            return try Self.pullRequest(after, ref: { "refs/pull-requests/\($0)/from" }, original: original)
        default: return try Self.listingPage(page, host: "Bitbucket", original: original)
        }
    }

    // MARK: Forms

    /// `<ref>[/path…]`: the first segment is the provisional ref; when more follow, the split waits for the refs.
    private static func refAndPath(
        _ segments: ArraySlice<String>, after page: String, original: String
    ) throws -> Location {
        guard let first = segments.first else {
            throw ContextURLError.invalid(original, "a ref must follow '\(page)/'")
        }
        try checkRefComponent(first, original: original)
        let path = try pathText(segments.dropFirst(), original: original)
        if isHex(first, lengths: 40...40) {
            return Location(ref: first.lowercased(), refType: .commit, path: path, commit: first.lowercased())
        }
        return Location(
            ref: first, refType: .branch, path: path, unresolvedRef: segments.count > 1 ? Array(segments) : nil)
    }

    /// Every segment is the ref: `commits/feature/x`, `releases/tag/v1/rc`.
    private static func wholeRef(
        _ segments: ArraySlice<String>, type: WorkspaceContext.RefType, after page: String, original: String
    ) throws -> Location {
        guard !segments.isEmpty else {
            throw ContextURLError.invalid(original, "a ref must follow '\(page)/'")
        }
        for segment in segments {
            try checkRefComponent(segment, original: original)
        }
        let ref = segments.joined(separator: "/")
        if type == .branch, isHex(ref, lengths: 40...40) {
            return Location(ref: ref.lowercased(), refType: .commit, commit: ref.lowercased())
        }
        return Location(ref: ref, refType: type)
    }

    /// `commit/<sha>`, with anything after the hash ignored unless `keepsPath`.
    private static func commit(
        _ segments: ArraySlice<String>, after page: String, original: String, keepsPath: Bool = false
    ) throws -> Location {
        guard let sha = segments.first else {
            throw ContextURLError.invalid(original, "a commit hash must follow '\(page)/'")
        }
        guard isHex(sha, lengths: 7...40) else {
            throw ContextURLError.invalid(
                original, "'\(sha)' after '\(page)/' is not a commit hash (7 to 40 hex digits)")
        }
        let path = keepsPath ? try pathText(segments.dropFirst(), original: original) : nil
        return Location(
            ref: sha.lowercased(), refType: .commit, path: path, commit: sha.count == 40 ? sha.lowercased() : nil)
    }

    /// `pull/<n>[/files…]`.
    private static func pullRequest(
        _ segments: ArraySlice<String>, ref: (Int) -> String, original: String
    ) throws -> Location {
        guard let text = segments.first, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(text), number > 0
        else {
            throw ContextURLError.invalid(
                original, "'\(segments.first ?? "")' is not a pull or merge request number")
        }
        return Location(ref: ref(number), refType: .pullRequest, pullRequest: number)
    }

    private static func listingPage(_ page: String, host: String, original: String) throws -> Location {
        guard listingPages.contains(page) else {
            throw ContextURLError.unsupported(original, "'\(page)' is not a \(host) page Swiftpod can open")
        }
        return Location()
    }

    // MARK: Checks

    /// Owner, group and repository names: letters, digits, `.`, `_`, `-`, `~` and `+`, not starting with `-`.
    static func checkName(_ name: String, original: String) throws {
        guard !name.isEmpty else { throw ContextURLError.invalid(original, "the repository name is empty") }
        guard name.first != "-" else {
            throw ContextURLError.unsafe(original, "'\(name)' starts with '-', which git would read as an option")
        }
        let allowed = name.utf8.allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "+")
        }
        guard allowed else {
            throw ContextURLError.invalid(
                original, "'\(name)' is not an owner or repository name (letters, digits, '.', '_', '-')")
        }
    }

    /// One `/`-separated component of a ref name, by the rules of `git check-ref-format`.
    static func checkRefComponent(_ component: String, original: String) throws {
        if component.first == "-" {
            throw ContextURLError.unsafe(
                original, "the ref '\(component)' starts with '-', which git would read as an option")
        }
        let forbidden: Set<Character> = ["~", "^", ":", "?", "*", "[", "\\", " "]
        for part in component.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty || part.first == "." || part.hasSuffix(".lock") || part.contains("..")
                || part.contains("@{") || part.contains(where: forbidden.contains) || part == "@"
            {
                throw ContextURLError.invalid(original, "'\(component)' is not a valid git ref name")
            }
        }
    }

    private static func pathText(_ segments: ArraySlice<String>, original: String) throws -> String? {
        guard let first = segments.first else { return nil }
        if first.first == "-" {
            throw ContextURLError.unsafe(
                original, "the path '\(first)' starts with '-', which git would read as an option")
        }
        return segments.joined(separator: "/")
    }

    /// Whether `text` is `lengths` hexadecimal digits.
    static func isHex(_ text: String, lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.utf8.count) && text.utf8.allSatisfy { isDigit($0) || (97...102).contains($0 | 0x20) }
    }
}
