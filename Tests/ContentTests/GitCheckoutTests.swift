import Content
import Foundation
import Glibc
import TestSupport
import Testing

/// Checkouts of real repositories made with the git CLI: each kind of ref, the clone's remote and branch setup,
/// git settings, additional repositories, and what is refused.
@Suite struct GitCheckoutTests {
    /// A workspace directory with an empty `content/` to check out into.
    struct Workspace {
        let directory: TemporaryDirectory
        var content: String { directory.path + "/content" }

        init() throws {
            directory = try TemporaryDirectory(prefix: "git-workspace")
            try FileManager.default.createDirectory(
                atPath: directory.path + "/content", withIntermediateDirectories: false)
        }

        /// The names in the workspace directory and in `content/`, to check nothing was left behind.
        func entries() throws -> (workspace: [String], content: [String]) {
            (
                try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
                try FileManager.default.contentsOfDirectory(atPath: content).sorted()
            )
        }
    }

    static func git(_ directory: String, _ arguments: String...) async throws -> String {
        try await GitFixture.git(["-C", directory] + arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A branch whose name has a slash becomes a local branch tracking `origin/<branch>`, with `origin` the real
    /// URL and the usual fetch refspec, and objects copied rather than hard-linked from the mirror.
    @Test func branchWithSlashTracksOrigin() async throws {
        let fixture = try await GitFixture()
        let (cache, data) = try fixture.makeCache()
        let workspace = try Workspace()
        let result = try await WorkspaceCheckout(cache: cache).checkout(
            CheckoutRequest(cloneURL: fixture.origin, ref: .branch("feature/login")), into: workspace.content)

        let checkout = workspace.content + "/project"
        #expect(result.commit == fixture.featureCommit)
        #expect(result.repositories.first?.location == "project")
        #expect(result.repositories.first?.branch == "feature/login")
        #expect(try await Self.git(checkout, "rev-parse", "HEAD") == fixture.featureCommit)
        #expect(try await Self.git(checkout, "symbolic-ref", "--short", "HEAD") == "feature/login")
        #expect(try await Self.git(checkout, "rev-parse", "--abbrev-ref", "@{upstream}") == "origin/feature/login")
        #expect(try await Self.git(checkout, "remote", "get-url", "origin") == fixture.origin)
        #expect(
            try await Self.git(checkout, "config", "--get-all", "remote.origin.fetch")
                == "+refs/heads/*:refs/remotes/origin/*")
        #expect(try await Self.git(checkout, "status", "--porcelain") == "")
        #expect(FileManager.default.fileExists(atPath: checkout + "/login.txt"))
        #expect(!FileManager.default.fileExists(atPath: checkout + "/.git/objects/info/alternates"))

        // Every object file is the clone's own: no hard link into the mirror.
        var walker = FileManager.default.enumerator(atPath: checkout + "/.git/objects")
        var objectFiles = 0
        while let name = walker?.nextObject() as? String {
            var status = stat()
            #expect(lstat(checkout + "/.git/objects/" + name, &status) == 0)
            if status.st_mode & S_IFMT == S_IFREG {
                objectFiles += 1
                #expect(status.st_nlink == 1, "\(name) is hard-linked")
            }
        }
        walker = nil
        #expect(objectFiles > 0)

        // The mirror is bare and holds the pull request head too.
        let mirror = data + "/git/" + (try cache.remoteURL(fixture.origin).mirrorRelativePath)
        #expect(try await Self.git(mirror, "rev-parse", "--is-bare-repository") == "true")
        #expect(try await Self.git(mirror, "rev-parse", "refs/pull/7/head") == fixture.pullRequestCommit)
        #expect(try workspace.entries().workspace == ["content"])
    }

    /// The default branch is checked out as a local branch; a tag and a commit (full or abbreviated) detached; a
    /// pull request as the local branch `pull/<n>`.
    @Test func eachKindOfRef() async throws {
        let fixture = try await GitFixture()
        let (cache, _) = try fixture.makeCache()
        let checkout = WorkspaceCheckout(cache: cache)
        let cases: [(CheckoutRef, String, String?)] = [
            (.defaultBranch, fixture.mainCommit, "main"),
            (.tag("v1.0"), fixture.firstCommit, nil),
            (.commit(fixture.firstCommit), fixture.firstCommit, nil),
            (.commit(String(fixture.featureCommit.prefix(8))), fixture.featureCommit, nil),
            (.pullRequest(7), fixture.pullRequestCommit, "pull/7"),
        ]
        for (ref, commit, branch) in cases {
            let workspace = try Workspace()
            let result = try await checkout.checkout(
                CheckoutRequest(cloneURL: fixture.origin, ref: ref, checkoutLocation: "src/app"),
                into: workspace.content)
            let directory = workspace.content + "/src/app"
            #expect(result.commit == commit, "\(ref)")
            #expect(result.repositories.first?.branch == branch, "\(ref)")
            #expect(try await Self.git(directory, "rev-parse", "HEAD") == commit, "\(ref)")
            let head = try? await Self.git(directory, "symbolic-ref", "--short", "HEAD")
            #expect(head == branch, "\(ref)")
            #expect(try await Self.git(directory, "status", "--porcelain") == "", "\(ref)")
        }
        #expect(await cache.updatesStarted == cases.count)
    }

    /// `resolve(ref:)` knows branches, tags, full and abbreviated commits, full refs and `HEAD`.
    @Test func resolveRefs() async throws {
        let fixture = try await GitFixture()
        let (cache, _) = try fixture.makeCache()
        let mirror = try await cache.update(fixture.origin)
        #expect(mirror.wasCloned)
        #expect(try await mirror.resolve(ref: "HEAD") == fixture.mainCommit)
        #expect(try await mirror.resolve(ref: "main") == fixture.mainCommit)
        #expect(try await mirror.resolve(ref: "feature/login") == fixture.featureCommit)
        #expect(try await mirror.resolve(ref: "v1.0") == fixture.firstCommit)
        #expect(try await mirror.resolve(ref: "refs/pull/7/head") == fixture.pullRequestCommit)
        #expect(try await mirror.resolve(ref: fixture.firstCommit) == fixture.firstCommit)
        #expect(try await mirror.resolve(ref: String(fixture.mainCommit.prefix(7))) == fixture.mainCommit)
        #expect(try await cache.resolve(ref: "main", in: fixture.origin) == fixture.mainCommit)

        let missing = await #expect(throws: GitError.self) { try await mirror.resolve(ref: "no-such-branch") }
        #expect(missing?.code == .refNotFound)
        #expect(missing?.message.contains("no-such-branch") == true)
        let malformed = await #expect(throws: GitError.self) { try await mirror.resolve(ref: "--upload-pack=x") }
        #expect(malformed?.code == .invalidRef)
        let pullRequest = await #expect(throws: GitError.self) { try await mirror.resolve(.pullRequest(8)) }
        #expect(pullRequest?.code == .refNotFound)
    }

    /// `gitConfig` is written into every repository; a malformed key or a value with a newline is refused before
    /// anything is cloned.
    @Test func gitConfigIsApplied() async throws {
        let fixture = try await GitFixture()
        let (cache, _) = try fixture.makeCache()
        let workspace = try Workspace()
        let config = ["user.name": "Ada Lovelace", "user.email": "ada@example.com", "url.https://x/.insteadOf": "y:"]
        let result = try await WorkspaceCheckout(cache: cache).checkout(
            CheckoutRequest(cloneURL: fixture.origin, gitConfig: config), into: workspace.content)
        let checkout = workspace.content + "/project"
        #expect(result.configuredKeys == config.keys.sorted())
        #expect(try await Self.git(checkout, "config", "--local", "--get", "user.name") == "Ada Lovelace")
        #expect(try await Self.git(checkout, "config", "--local", "--get", "user.email") == "ada@example.com")
        #expect(try await Self.git(checkout, "config", "--local", "--get", "url.https://x/.insteadOf") == "y:")

        for (key, value) in [("user", "x"), ("-c.x", "y"), ("user.1name", "x"), ("user.name", "a\nb")] {
            let fresh = try Workspace()
            let error = await #expect(throws: GitError.self) {
                try await WorkspaceCheckout(cache: cache).checkout(
                    CheckoutRequest(cloneURL: fixture.origin, gitConfig: [key: value]), into: fresh.content)
            }
            #expect(error?.code == .invalidConfig, "\(key)")
            #expect(try fresh.entries().content == [])
        }
        #expect(await cache.updatesStarted == 1)
    }

    /// Additional repositories are checked out at their default branch beside the main one; overlapping, climbing
    /// and absolute locations are refused.
    @Test func additionalRepositories() async throws {
        let fixture = try await GitFixture()
        let library = try await GitFixture(name: "library")
        let (cache, _) = try fixture.makeCache()
        let workspace = try Workspace()
        let result = try await WorkspaceCheckout(cache: cache).checkout(
            CheckoutRequest(
                cloneURL: fixture.origin, ref: .tag("v1.0"),
                additionalRepositories: [
                    .init(url: library.origin), .init(url: library.origin, checkoutLocation: "vendor/library-copy"),
                ]),
            into: workspace.content)
        #expect(result.repositories.map(\.location) == ["project", "library", "vendor/library-copy"])
        #expect(result.repositories.map(\.commit) == [fixture.firstCommit, library.mainCommit, library.mainCommit])
        #expect(try workspace.entries().content == ["library", "project", "vendor"])
        #expect(try await Self.git(workspace.content + "/library", "symbolic-ref", "--short", "HEAD") == "main")
        #expect(
            try await Self.git(workspace.content + "/vendor/library-copy", "remote", "get-url", "origin")
                == library.origin)

        let refused: [(String?, [CheckoutRequest.AdditionalRepository], GitError.Code)] = [
            ("../outside", [], .invalidCheckoutLocation),
            ("/etc/evil", [], .invalidCheckoutLocation),
            ("a/../../b", [], .invalidCheckoutLocation),
            ("same", [.init(url: library.origin, checkoutLocation: "same")], .invalidCheckoutLocation),
            ("outer", [.init(url: library.origin, checkoutLocation: "outer/inner")], .invalidCheckoutLocation),
            (nil, [.init(url: "ext::sh -c touch% /tmp/pwned")], .invalidURL),
        ]
        for (location, additional, code) in refused {
            let fresh = try Workspace()
            let error = await #expect(throws: GitError.self) {
                try await WorkspaceCheckout(cache: cache).checkout(
                    CheckoutRequest(
                        cloneURL: fixture.origin, checkoutLocation: location, additionalRepositories: additional),
                    into: fresh.content)
            }
            #expect(error?.code == code, "\(location ?? "-")")
            #expect(try fresh.entries().content == [])
            #expect(try fresh.entries().workspace == ["content"])
        }

        // A location that already exists is refused too.
        let error = await #expect(throws: GitError.self) {
            try await WorkspaceCheckout(cache: cache).checkout(
                CheckoutRequest(cloneURL: library.origin), into: workspace.content)
        }
        #expect(error?.code == .invalidCheckoutLocation)
        #expect(error?.message.contains("already exists") == true)
    }
}
