/// A user's environment variable, set in the workspaces of the repositories its pattern matches.
public struct EnvironmentVariable: Sendable, Hashable {
    public var id: String
    public var userID: String
    public var name: String
    public var value: String
    /// Which repositories get the variable: `owner/repo`, `owner/*`, `*/repo` or `*/*`.
    public var repositoryPattern: String

    public init(id: String, userID: String, name: String, value: String, repositoryPattern: String) {
        self.id = id
        self.userID = userID
        self.name = name
        self.value = value
        self.repositoryPattern = repositoryPattern
    }

    /// Why `pattern` is not a repository pattern, or nil when it is one: two non-empty parts separated by one
    /// slash, each a name or `*`.
    public static func patternProblem(_ pattern: String) -> String? {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            return "repository pattern '\(pattern)' must be owner/repo, where either part may be *"
        }
        guard parts.allSatisfy({ $0 == "*" || !$0.contains("*") }) else {
            return "repository pattern '\(pattern)' may use * only for a whole part, as in owner/* or */repo"
        }
        return nil
    }
}
