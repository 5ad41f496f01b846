import SwiftpodServer
import Testing

@Suite struct EnvironmentPatternTests {
    /// Gitpod's examples: which of these repositories each pattern matches.
    @Test(arguments: [
        ("gitpod-io/gitpod", "gitpod-io", "gitpod", true),
        ("gitpod-io/gitpod", "gitpod-io", "website", false),
        ("gitpod-io/gitpod", "someone", "gitpod", false),
        ("gitpod-io/*", "gitpod-io", "website", true),
        ("gitpod-io/*", "someone", "website", false),
        ("*/gitpod", "someone", "gitpod", true),
        ("*/gitpod", "someone", "website", false),
        ("*/*", "anyone", "anything", true),
        ("GitPod-IO/GitPod", "gitpod-io", "gitpod", true),
        ("group/sub/*", "group/sub", "project", false),
    ])
    func patternsMatchAsGitpodMatchesThem(pattern: String, owner: String, repository: String, expected: Bool) {
        let parsed = EnvironmentPattern(pattern)
        #expect((parsed?.matches(owner: owner, repository: repository) ?? false) == expected)
    }

    @Test(arguments: ["", "gitpod", "a/b/c", "/repo", "owner/", "own*/repo", "owner/re*", "**/*"])
    func malformedPatternsAreRejected(pattern: String) {
        #expect(EnvironmentPattern(pattern) == nil)
    }

    @Test func theMostSpecificPatternWins() {
        let variables: [(name: String, value: String, pattern: String)] = [
            ("TOKEN", "everywhere", "*/*"),
            ("TOKEN", "any gitpod", "*/gitpod"),
            ("TOKEN", "gitpod-io's", "gitpod-io/*"),
            ("TOKEN", "exactly", "gitpod-io/gitpod"),
            ("ONLY_ALL", "all", "*/*"),
            ("OTHER", "elsewhere", "someone/else"),
        ]
        #expect(
            EnvironmentPattern.select(variables, owner: "gitpod-io", repository: "gitpod")
                == ["TOKEN": "exactly", "ONLY_ALL": "all"])
        #expect(
            EnvironmentPattern.select(variables, owner: "gitpod-io", repository: "website")
                == ["TOKEN": "gitpod-io's", "ONLY_ALL": "all"])
        #expect(
            EnvironmentPattern.select(variables, owner: "someone", repository: "gitpod")
                == ["TOKEN": "any gitpod", "ONLY_ALL": "all"])
        #expect(
            EnvironmentPattern.select(variables, owner: "someone", repository: "else")
                == ["TOKEN": "everywhere", "ONLY_ALL": "all", "OTHER": "elsewhere"])
        #expect(EnvironmentPattern("gitpod-io/gitpod")?.specificity == 0)
        #expect(EnvironmentPattern("*/*")?.specificity == 3)
    }

    @Test(arguments: [
        ("https://github.com/gitpod-io/gitpod.git", "gitpod-io", "gitpod"),
        ("https://github.com/gitpod-io/gitpod", "gitpod-io", "gitpod"),
        ("https://gitlab.com/group/sub/project.git", "group/sub", "project"),
        ("git@github.com:ada/project.git", "ada", "project"),
        ("ssh://git@example.com:2222/ada/project.git", "ada", "project"),
        ("file:///srv/git/ada/project.git", "ada", "project"),
    ])
    func repositoriesAreReadFromCloneURLs(url: String, owner: String, repository: String) throws {
        let parsed = try #require(EnvironmentPattern.repository(ofCloneURL: url))
        #expect(parsed.owner == owner)
        #expect(parsed.repository == repository)
    }

    @Test func urlsWithoutOwnerAndRepositoryHaveNone() {
        #expect(EnvironmentPattern.repository(ofCloneURL: "https://example.com/project.git") == nil)
        #expect(EnvironmentPattern.repository(ofCloneURL: "https://example.com") == nil)
    }
}
