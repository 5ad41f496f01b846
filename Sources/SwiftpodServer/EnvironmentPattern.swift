/// A repository pattern of a user's environment variable, matched as Gitpod matches them: `owner/repo`, `owner/*`,
/// `*/repo` and `*/*`, without regard to case. When several variables of one name match a repository, the most
/// specific pattern wins, in that order.
public struct EnvironmentPattern: Sendable, Hashable {
    /// The owner part (`*` for any).
    public let owner: String
    /// The repository part (`*` for any).
    public let repository: String

    /// Parses `owner/repo`, either part `*`; nil when the text is not such a pattern.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && ($0 == "*" || !$0.contains("*")) }) else {
            return nil
        }
        owner = parts[0].lowercased()
        repository = parts[1].lowercased()
    }

    /// Whether the pattern matches the repository `owner/repository`.
    public func matches(owner: String, repository: String) -> Bool {
        (self.owner == "*" || self.owner == owner.lowercased())
            && (self.repository == "*" || self.repository == repository.lowercased())
    }

    /// Gitpod's precedence: 0 for `owner/repo`, 1 for `owner/*`, 2 for `*/repo`, 3 for `*/*`; lower wins.
    public var specificity: Int {
        switch (owner == "*", repository == "*") {
        case (false, false): 0
        case (false, true): 1
        case (true, false): 2
        case (true, true): 3
        }
    }

    /// The variables for a repository: of each name, the value of the most specific matching pattern.
    /// - Parameters:
    ///   - variables: `(name, value, pattern)` triples; malformed patterns match nothing.
    ///   - owner: the repository's owner (for nested groups, everything before the last `/`).
    ///   - repository: the repository's name.
    public static func select(
        _ variables: [(name: String, value: String, pattern: String)], owner: String, repository: String
    ) -> [String: String] {
        var selected: [String: String] = [:]
        for variable in chosen(variables, name: \.name, pattern: \.pattern, owner: owner, repository: repository) {
            selected[variable.name] = variable.value
        }
        return selected
    }

    /// Of each name among `variables`, the one whose pattern matches `owner/repository` most specifically; sorted by
    /// name.
    public static func chosen<Variable>(
        _ variables: [Variable], name: (Variable) -> String, pattern: (Variable) -> String, owner: String,
        repository: String
    ) -> [Variable] {
        var chosen: [String: (variable: Variable, specificity: Int)] = [:]
        for variable in variables {
            guard let parsed = EnvironmentPattern(pattern(variable)),
                parsed.matches(owner: owner, repository: repository)
            else { continue }
            if let current = chosen[name(variable)], current.specificity <= parsed.specificity { continue }
            chosen[name(variable)] = (variable, parsed.specificity)
        }
        return chosen.keys.sorted().compactMap { chosen[$0]?.variable }
    }

    /// The `owner` and `repository` of a clone URL: `https://github.com/ada/project.git` is `ada`, `project`;
    /// `git@host:group/sub/project.git` is `group/sub`, `project`; `file:///srv/git/ada/project.git` is `ada`,
    /// `project`. Nil when the URL has fewer than two path parts.
    public static func repository(ofCloneURL url: String) -> (owner: String, repository: String)? {
        var path = Substring(url)
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...]
            let isFile = url.lowercased().hasPrefix("file://")
            if !isFile {
                guard let slash = path.firstIndex(of: "/") else { return nil }
                path = path[slash...]
            }
        } else if let colon = path.firstIndex(of: ":"), !path[..<colon].contains("/") {
            path = path[path.index(after: colon)...]
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        var parts = path.split(separator: "/").map(String.init)
        if var last = parts.last {
            if last.lowercased().hasSuffix(".git") { last.removeLast(4) }
            parts[parts.count - 1] = last
        }
        parts.removeAll { $0.isEmpty }
        guard parts.count >= 2, let name = parts.last else { return nil }
        let isLocal = url.lowercased().hasPrefix("file://") || url.hasPrefix("/")
        let owner = isLocal ? parts[parts.count - 2] : parts.dropLast().joined(separator: "/")
        return (owner, name)
    }
}
