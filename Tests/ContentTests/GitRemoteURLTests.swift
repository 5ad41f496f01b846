import Content
import Testing

/// Clone URLs: which are accepted, where their mirrors go, and how credentials are kept out of messages.
@Suite struct GitRemoteURLTests {
    @Test(arguments: [
        ("https://GitHub.com/Owner/Repo.git", "github.com/Owner/Repo.git", "Repo"),
        ("https://github.com/owner/repo", "github.com/owner/repo.git", "repo"),
        (
            "https://user:token@gitlab.example.com:8443/group/sub/repo.git",
            "gitlab.example.com_8443/group/sub/repo.git",
            "repo"
        ),
        ("git@github.com:owner/repo.git", "github.com/owner/repo.git", "repo"),
        ("ssh://git@host.example/owner/repo.git", "host.example/owner/repo.git", "repo"),
        ("http://127.0.0.1:8080/project.git", "127.0.0.1_8080/project.git", "project"),
    ])
    func mirrorPaths(url: String, mirror: String, name: String) throws {
        let parsed = try GitRemoteURL(url)
        #expect(parsed.mirrorRelativePath == mirror)
        #expect(parsed.repositoryName == name)
        #expect(!parsed.isLocal)
    }

    /// A path component that is not a plain name puts the mirror under a hash of the URL instead.
    @Test func oddNamesAreHashed() throws {
        let parsed = try GitRemoteURL("https://host.example/owner/.hidden/repo.git")
        #expect(parsed.mirrorRelativePath.hasPrefix("host.example/_/"))
        #expect(parsed.mirrorRelativePath.hasSuffix(".git"))
        #expect(!parsed.mirrorRelativePath.contains(".hidden"))
        let local = try GitRemoteURL("/srv/git/project.git", allowsLocal: true)
        #expect(local.isLocal)
        #expect(local.repositoryName == "project")
        #expect(local.mirrorRelativePath.hasPrefix("local/_/"))
    }

    @Test(arguments: [
        "", "-uhttps://x/y", "ext::sh -c touch% /tmp/x", "fd::17", "https://host/a b", "https://host/../etc",
        "https://host/", "https://host/a/./b", "ftp://host/repo.git", "file:///etc/repo", "/srv/git/repo.git",
        "relative/path", "https://host:port/repo.git", "https://host/repo\n.git",
    ])
    func refused(url: String) {
        let error = #expect(throws: GitError.self) { try GitRemoteURL(url) }
        #expect(error?.code == .invalidURL)
    }

    @Test func credentialsAreRedacted() throws {
        let parsed = try GitRemoteURL("https://user:s3cret@host.example/owner/repo.git")
        #expect(parsed.description == "https://***@host.example/owner/repo.git")
        let error = #expect(throws: GitError.self) { try GitRemoteURL("https://user:s3cret@host.example/") }
        #expect(error?.message.contains("s3cret") == false)
    }

    @Test func refTypes() throws {
        #expect(try CheckoutRef(type: "default", name: nil) == .defaultBranch)
        #expect(try CheckoutRef(type: "branch", name: "a/b") == .branch("a/b"))
        #expect(try CheckoutRef(type: "pullRequest", name: "12") == .pullRequest(12))
        #expect(throws: GitError.self) { try CheckoutRef(type: "branch", name: nil) }
        #expect(throws: GitError.self) { try CheckoutRef(type: "pullRequest", name: "x") }
        #expect(throws: GitError.self) { try CheckoutRef(type: "revision", name: "x") }
        for bad: CheckoutRef in [
            .branch("-x"), .branch("a..b"), .tag("a b"), .branch("a/.b"), .commit("xyz"), .pullRequest(0),
        ] {
            #expect(throws: GitError.self, "\(bad)") { try bad.validate() }
        }
    }
}
