import ContextURL
import Foundation
import Testing

/// Real-looking context URLs and the JSON `swiftpod context parse --json` prints for them (`envVars` is `{}` when
/// an example leaves it out).
@Suite struct ContextURLParserTests {
    static let parser = ContextURLParser(
        hosts: GitHostConfiguration.defaults.adding(["git.example.com": .gitea, "code.example.org:8443": .gitlab]))

    static let examples: [(url: String, json: String)] = [
        // Repositories
        (
            "https://github.com/gitpod-io/gitpod",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","refType":"default"}"#
        ),
        (
            "https://github.com/gitpod-io/gitpod.git/",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","refType":"default"}"#
        ),
        (
            "github.com/apple/swift-nio",
            #"{"host":"github.com","hostKind":"github","owner":"apple","repo":"swift-nio","cloneURL":"https://github.com/apple/swift-nio.git","refType":"default"}"#
        ),
        (
            "  HTTPS://GitHub.com/Apple/Swift-NIO///  ",
            #"{"host":"github.com","hostKind":"github","owner":"Apple","repo":"Swift-NIO","cloneURL":"https://github.com/Apple/Swift-NIO.git","refType":"default"}"#
        ),
        (
            "https://user@github.com/o/r",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","refType":"default"}"#
        ),
        (
            "https://github.com/o/r?tab=readme-ov-file#getting-started",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","refType":"default"}"#
        ),
        // Branches, paths, commits, tags
        (
            "https://github.com/gitpod-io/gitpod/tree/main",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","ref":"main","refType":"branch"}"#
        ),
        (
            "https://github.com/gitpod-io/gitpod/tree/main/components/server",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","ref":"main","refType":"branch","path":"components/server","unresolvedRef":["main","components","server"]}"#
        ),
        (
            "https://github.com/apple/swift/blob/release/6.0/README.md#L10-L20",
            #"{"host":"github.com","hostKind":"github","owner":"apple","repo":"swift","cloneURL":"https://github.com/apple/swift.git","ref":"release","refType":"branch","path":"6.0/README.md","unresolvedRef":["release","6.0","README.md"]}"#
        ),
        (
            "https://github.com/o/r/tree/0123456789abcdef0123456789ABCDEF01234567/src",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","ref":"0123456789abcdef0123456789abcdef01234567","refType":"commit","commit":"0123456789abcdef0123456789abcdef01234567","path":"src"}"#
        ),
        (
            "https://github.com/torvalds/linux/commit/a1b2c3d",
            #"{"host":"github.com","hostKind":"github","owner":"torvalds","repo":"linux","cloneURL":"https://github.com/torvalds/linux.git","ref":"a1b2c3d","refType":"commit"}"#
        ),
        (
            "https://github.com/torvalds/linux/commit/0123456789abcdef0123456789abcdef01234567#diff-1",
            #"{"host":"github.com","hostKind":"github","owner":"torvalds","repo":"linux","cloneURL":"https://github.com/torvalds/linux.git","ref":"0123456789abcdef0123456789abcdef01234567","refType":"commit","commit":"0123456789abcdef0123456789abcdef01234567"}"#
        ),
        (
            "https://github.com/o/r/commits/feature/login",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","ref":"feature/login","refType":"branch"}"#
        ),
        (
            "https://github.com/swiftlang/swift/releases/tag/swift-6.0-RELEASE",
            #"{"host":"github.com","hostKind":"github","owner":"swiftlang","repo":"swift","cloneURL":"https://github.com/swiftlang/swift.git","ref":"swift-6.0-RELEASE","refType":"tag"}"#
        ),
        (
            "https://github.com/o/r/tree/feature%2Fx/docs",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","ref":"feature/x","refType":"branch","path":"docs","unresolvedRef":["feature/x","docs"]}"#
        ),
        // Pull requests and issues
        (
            "https://github.com/gitpod-io/gitpod/pull/20212",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","ref":"refs/pull/20212/head","refType":"pullRequest","pullRequest":20212}"#
        ),
        (
            "https://github.com/gitpod-io/gitpod/pull/20212/files#diff-abc",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","ref":"refs/pull/20212/head","refType":"pullRequest","pullRequest":20212}"#
        ),
        (
            "https://github.com/gitpod-io/gitpod/issues/3218",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","refType":"default"}"#
        ),
        (
            "https://github.com/gitpod-io/gitpod/pulls",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","refType":"default"}"#
        ),
        // GitLab, nested groups
        (
            "https://gitlab.com/gitlab-org/gitlab",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"gitlab-org","repo":"gitlab","cloneURL":"https://gitlab.com/gitlab-org/gitlab.git","refType":"default"}"#
        ),
        (
            "https://gitlab.com/gitlab-org/security/gitlab/-/tree/master/app/models",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"gitlab-org/security","repo":"gitlab","cloneURL":"https://gitlab.com/gitlab-org/security/gitlab.git","ref":"master","refType":"branch","path":"app/models","unresolvedRef":["master","app","models"]}"#
        ),
        (
            "https://gitlab.com/group/subgroup/repo/-/merge_requests/42/diffs",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"group/subgroup","repo":"repo","cloneURL":"https://gitlab.com/group/subgroup/repo.git","ref":"refs/merge-requests/42/head","refType":"pullRequest","pullRequest":42}"#
        ),
        (
            "https://gitlab.com/gitlab-org/gitlab/-/blob/v17.0.0-ee/README.md",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"gitlab-org","repo":"gitlab","cloneURL":"https://gitlab.com/gitlab-org/gitlab.git","ref":"v17.0.0-ee","refType":"branch","path":"README.md","unresolvedRef":["v17.0.0-ee","README.md"]}"#
        ),
        (
            "https://gitlab.com/gitlab-org/gitlab/-/commit/deadbeef",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"gitlab-org","repo":"gitlab","cloneURL":"https://gitlab.com/gitlab-org/gitlab.git","ref":"deadbeef","refType":"commit"}"#
        ),
        (
            "https://gitlab.com/gitlab-org/gitlab/-/tags/v17.0.0-ee",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"gitlab-org","repo":"gitlab","cloneURL":"https://gitlab.com/gitlab-org/gitlab.git","ref":"v17.0.0-ee","refType":"tag"}"#
        ),
        (
            "https://gitlab.com/gitlab-org/gitlab/-/issues/1",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"gitlab-org","repo":"gitlab","cloneURL":"https://gitlab.com/gitlab-org/gitlab.git","refType":"default"}"#
        ),
        (
            "https://code.example.org:8443/platform/infra/deploy/-/tree/main",
            #"{"host":"code.example.org:8443","hostKind":"gitlab","owner":"platform/infra","repo":"deploy","cloneURL":"https://code.example.org:8443/platform/infra/deploy.git","ref":"main","refType":"branch"}"#
        ),
        // Gitea, self-hosted
        (
            "https://git.example.com/team/app/src/branch/feature/x/cmd/main.go",
            #"{"host":"git.example.com","hostKind":"gitea","owner":"team","repo":"app","cloneURL":"https://git.example.com/team/app.git","ref":"feature","refType":"branch","path":"x/cmd/main.go","unresolvedRef":["feature","x","cmd","main.go"]}"#
        ),
        (
            "https://git.example.com/team/app/src/tag/v1.2.0",
            #"{"host":"git.example.com","hostKind":"gitea","owner":"team","repo":"app","cloneURL":"https://git.example.com/team/app.git","ref":"v1.2.0","refType":"tag"}"#
        ),
        (
            "https://git.example.com/team/app/src/commit/abcdef0123/docs",
            #"{"host":"git.example.com","hostKind":"gitea","owner":"team","repo":"app","cloneURL":"https://git.example.com/team/app.git","ref":"abcdef0123","refType":"commit","path":"docs"}"#
        ),
        (
            "https://git.example.com/team/app/pulls/7",
            #"{"host":"git.example.com","hostKind":"gitea","owner":"team","repo":"app","cloneURL":"https://git.example.com/team/app.git","ref":"refs/pull/7/head","refType":"pullRequest","pullRequest":7}"#
        ),
        (
            "https://git.example.com/team/app/releases/tag/v2",
            #"{"host":"git.example.com","hostKind":"gitea","owner":"team","repo":"app","cloneURL":"https://git.example.com/team/app.git","ref":"v2","refType":"tag"}"#
        ),
        // Bitbucket
        (
            "https://bitbucket.org/atlassian/python-bitbucket/src/master/setup.py",
            #"{"host":"bitbucket.org","hostKind":"bitbucket","owner":"atlassian","repo":"python-bitbucket","cloneURL":"https://bitbucket.org/atlassian/python-bitbucket.git","ref":"master","refType":"branch","path":"setup.py","unresolvedRef":["master","setup.py"]}"#
        ),
        (
            "https://bitbucket.org/atlassian/python-bitbucket/pull-requests/12/overview",
            #"{"host":"bitbucket.org","hostKind":"bitbucket","owner":"atlassian","repo":"python-bitbucket","cloneURL":"https://bitbucket.org/atlassian/python-bitbucket.git","ref":"refs/pull-requests/12/from","refType":"pullRequest","pullRequest":12}"#
        ),
        (
            "https://bitbucket.org/atlassian/python-bitbucket/branch/feature/new-api",
            #"{"host":"bitbucket.org","hostKind":"bitbucket","owner":"atlassian","repo":"python-bitbucket","cloneURL":"https://bitbucket.org/atlassian/python-bitbucket.git","ref":"feature/new-api","refType":"branch"}"#
        ),
        // Clone URLs
        (
            "git@github.com:apple/swift-nio.git",
            #"{"host":"github.com","hostKind":"github","owner":"apple","repo":"swift-nio","cloneURL":"https://github.com/apple/swift-nio.git","refType":"default"}"#
        ),
        (
            "ssh://git@gitlab.com:22/group/sub/repo.git",
            #"{"host":"gitlab.com","hostKind":"gitlab","owner":"group/sub","repo":"repo","cloneURL":"https://gitlab.com/group/sub/repo.git","refType":"default"}"#
        ),
        (
            "git://git.kernel.org/pub/scm/git/git.git",
            #"{"host":"git.kernel.org","hostKind":"git","owner":"pub/scm/git","repo":"git","cloneURL":"https://git.kernel.org/pub/scm/git/git.git","refType":"default"}"#
        ),
        (
            "https://git.savannah.gnu.org/git/emacs.git",
            #"{"host":"git.savannah.gnu.org","hostKind":"git","owner":"git","repo":"emacs","cloneURL":"https://git.savannah.gnu.org/git/emacs.git","refType":"default"}"#
        ),
        (
            "http://git.internal.example:8080/scm/tools/build",
            #"{"host":"git.internal.example:8080","hostKind":"git","owner":"scm/tools","repo":"build","cloneURL":"http://git.internal.example:8080/scm/tools/build","refType":"default"}"#
        ),
        (
            "https://[2001:db8::1]/o/r.git",
            #"{"host":"[2001:db8::1]","hostKind":"git","owner":"o","repo":"r","cloneURL":"https://[2001:db8::1]/o/r.git","refType":"default"}"#
        ),
        (
            "https://github.com:443/o/r",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","refType":"default"}"#
        ),
        // Environment variables and Gitpod-style links
        (
            "A=1,B=x%2Fy/https://github.com/o/r",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","refType":"default","envVars":{"A":"1","B":"x/y"}}"#
        ),
        (
            "NODE_ENV=development,GREETING=hello%20world/github.com/o/r/tree/dev",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","ref":"dev","refType":"branch","envVars":{"NODE_ENV":"development","GREETING":"hello world"}}"#
        ),
        (
            "EMPTY=/https://github.com/o/r",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","refType":"default","envVars":{"EMPTY":""}}"#
        ),
        (
            "https://gitpod.io/#https://github.com/gitpod-io/gitpod/pull/1",
            #"{"host":"github.com","hostKind":"github","owner":"gitpod-io","repo":"gitpod","cloneURL":"https://github.com/gitpod-io/gitpod.git","ref":"refs/pull/1/head","refType":"pullRequest","pullRequest":1}"#
        ),
        (
            "#FOO=bar/https://github.com/o/r",
            #"{"host":"github.com","hostKind":"github","owner":"o","repo":"r","cloneURL":"https://github.com/o/r.git","refType":"default","envVars":{"FOO":"bar"}}"#
        ),
    ]

    @Test(arguments: examples)
    func parsesToTheExpectedJSON(url: String, json: String) throws {
        let context = try Self.parser.parse(url)
        let actual = try #require(
            try JSONSerialization.jsonObject(with: Data(context.jsonText().utf8)) as? NSDictionary)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var complete = expected
        if complete["envVars"] == nil { complete["envVars"] = [String: String]() }
        #expect(
            actual.isEqual(to: complete), "\(url)\n  got      \(context.jsonText(pretty: false))\n  expected \(json)")
    }

    @Test func theJSONRoundTrips() throws {
        let context = try Self.parser.parse("A=1/https://github.com/o/r/tree/main/src")
        let decoded = try JSONDecoder().decode(WorkspaceContext.self, from: Data(context.jsonText().utf8))
        #expect(decoded == context)
    }

    @Test func unknownHostsArePlainGitUntilDeclared() throws {
        let url = "https://git.example.net/team/app/src/branch/main"
        let plain = try ContextURLParser().parse(url)
        #expect(plain.hostKind == .git)
        #expect(plain.owner == "team/app/src/branch")
        #expect(plain.repo == "main")
        let hosts = try GitHostConfiguration(declarations: ["GIT.example.net=gitea"])
        let gitea = try ContextURLParser(hosts: hosts).parse(url)
        #expect(gitea.hostKind == .gitea)
        #expect(gitea.owner == "team")
        #expect(gitea.repo == "app")
        #expect(gitea.ref == "main")
    }

    @Test(arguments: ["git.example.com", "git.example.com=forgejo", "=gitea", "-x.example.com=gitea", "a b=gitea"])
    func badHostDeclarationsAreRefused(declaration: String) {
        let error = #expect(throws: ContextURLError.self) {
            _ = try GitHostConfiguration(declarations: [declaration])
        }
        #expect(error?.code == .invalidHostDeclaration)
        #expect(error?.description.contains("bad git host") == true)
    }

    @Test func unknownPagesOfKnownHostsAreRefusedByName() {
        let error = #expect(throws: ContextURLError.self) {
            _ = try ContextURLParser().parse("https://github.com/o/r/settings/hooks")
        }
        #expect(error?.code == .unsupportedPath)
        #expect(error?.description.contains("'settings' is not a GitHub page") == true)
    }

    @Test(arguments: [
        ("https://github.com/o", "names no repository after the owner"),
        ("https://github.com/", "names no owner and repository"),
        ("https://github.com//r", "empty segment"),
        ("https://github.com/o/r/tree", "a ref must follow 'tree/'"),
        ("https://github.com/o/r/commit/xyz", "'xyz' after 'commit/' is not a commit hash"),
        ("https://github.com/o/r/pull/abc", "'abc' is not a pull or merge request number"),
        ("https://github.com/o/r/pull/0", "'0' is not a pull or merge request number"),
        ("https://github.com/o/r/tree/a..b", "'a..b' is not a valid git ref name"),
        ("https://github.com/o/r/tree/x.lock", "'x.lock' is not a valid git ref name"),
        ("https://github.com/o/r%20x", "'r x' is not an owner or repository name"),
        ("ftp://github.com/o/r", "the scheme 'ftp' is not supported"),
        ("owner/repo", "expected a URL such as https://github.com/owner/repo"),
        ("", "it is empty"),
        ("https://github.com/o/r with space", "contains a space"),
        ("https://github.com/o/r/tree/%zz", "malformed %-escape"),
        ("https://gïthub.com/o/r", "is not ASCII"),
        ("https://exa_mple.com/o/r", "is not a host name"),
        ("A=1/", "there is no URL after the variables"),
        ("1A=x/https://github.com/o/r", "'1A' is not a variable name"),
        ("A=1,A=2/https://github.com/o/r", "A is given twice"),
        ("A=1,B/https://github.com/o/r", "'B' is not NAME=value"),
    ])
    func malformedURLsGetAMessageNamingTheProblem(url: String, message: String) {
        let error = #expect(throws: ContextURLError.self) { _ = try ContextURLParser().parse(url) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func overlongInputIsRefused() {
        let url = "https://github.com/o/" + String(repeating: "r", count: 5000)
        let error = #expect(throws: ContextURLError.self) { _ = try ContextURLParser().parse(url) }
        #expect(error?.description.contains("longer than 4096 bytes") == true)
        #expect((error?.description.count ?? .max) < 500)
    }
}

extension GitHostConfiguration {
    /// The configuration with `kinds` added.
    func adding(_ kinds: [String: GitHostKind]) -> GitHostConfiguration {
        GitHostConfiguration(kinds: self.kinds.merging(kinds) { _, new in new })
    }
}
