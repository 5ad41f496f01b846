import Content
import Foundation
import Glibc
import TestSupport
import Testing

/// The mirror cache against real repositories: fetching new commits, one shared fetch for concurrent requests, a
/// repository served over dumb HTTP, failures that leave nothing behind, and ownership given without following
/// symbolic links.
@Suite struct GitRepositoryCacheTests {
    typealias Workspace = GitCheckoutTests.Workspace

    /// The names in a directory, or [] when it does not exist.
    static func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// A second checkout after a push sees the new commit: the mirror was fetched, not cloned again.
    @Test func secondCheckoutSeesNewCommit() async throws {
        let fixture = try await GitFixture()
        let (cache, data) = try fixture.makeCache()
        let checkout = WorkspaceCheckout(cache: cache)
        let first = try Workspace()
        let before = try await checkout.checkout(CheckoutRequest(cloneURL: fixture.origin), into: first.content)
        #expect(before.commit == fixture.mainCommit)
        #expect(before.repositories.first?.mirrorWasCloned == true)

        let newCommit = try await fixture.pushCommit(file: "new.txt", text: "new\n")
        let second = try Workspace()
        let after = try await checkout.checkout(CheckoutRequest(cloneURL: fixture.origin), into: second.content)
        #expect(after.commit == newCommit)
        #expect(after.repositories.first?.mirrorWasCloned == false)
        #expect(FileManager.default.fileExists(atPath: second.content + "/project/new.txt"))
        #expect(await cache.updatesStarted == 2)
        #expect(Self.names(data + "/git/.tmp") == [])
    }

    /// When the remote's default branch changes, the next update follows it; what interrupted clones left behind
    /// is swept away before the first update.
    @Test func followsDefaultBranchAndSweepsLeftovers() async throws {
        let fixture = try await GitFixture()
        let (cache, data) = try fixture.makeCache()
        try FileManager.default.createDirectory(
            atPath: data + "/git/.tmp/interrupted.git/objects", withIntermediateDirectories: true)
        let first = try await cache.update(fixture.origin)
        #expect(Self.names(data + "/git/.tmp") == [])
        #expect(try await first.resolve(.defaultBranch).branch == "main")

        try await GitFixture.git(["-C", fixture.origin, "symbolic-ref", "HEAD", "refs/heads/feature/login"])
        let second = try await cache.update(fixture.origin)
        let resolved = try await second.resolve(.defaultBranch)
        #expect(resolved.branch == "feature/login")
        #expect(resolved.commit == fixture.featureCommit)
        #expect(try await second.resolve(ref: "HEAD") == fixture.featureCommit)
    }

    /// Two checkouts of one repository at the same time share one update of its mirror; two repositories get one
    /// each.
    @Test func concurrentCheckoutsShareOneFetch() async throws {
        let fixture = try await GitFixture()
        let other = try await GitFixture(name: "other")
        let (cache, _) = try fixture.makeCache()
        let checkout = WorkspaceCheckout(cache: cache)
        let workspaces = try (0..<3).map { _ in try Workspace() }
        async let first = checkout.checkout(CheckoutRequest(cloneURL: fixture.origin), into: workspaces[0].content)
        async let second = checkout.checkout(
            CheckoutRequest(cloneURL: fixture.origin, ref: .branch("feature/login")), into: workspaces[1].content)
        async let third = checkout.checkout(CheckoutRequest(cloneURL: other.origin), into: workspaces[2].content)
        let results = try await [first, second, third]
        #expect(results.map(\.commit) == [fixture.mainCommit, fixture.featureCommit, other.mainCommit])
        let updates = results.compactMap(\.repositories.first?.mirrorUpdateNumber)
        #expect(updates[0] == updates[1])
        #expect(updates[0] != updates[2])
        #expect(await cache.updatesStarted == 2)

        // Once the mirror exists, two requests at once share one fetch into it.
        async let fourth = cache.update(fixture.origin)
        async let fifth = cache.update(fixture.origin)
        let fetches = try await [fourth, fifth]
        #expect(fetches.map(\.wasCloned) == [false, false])
        #expect(fetches[0].updateNumber == fetches[1].updateNumber)
        #expect(await cache.updatesStarted == 3)
    }

    /// A repository served by `python3 -m http.server` (git's dumb HTTP protocol) is mirrored and checked out, and
    /// a later push is fetched over HTTP too.
    @Test func dumbHTTP() async throws {
        let fixture = try await GitFixture()
        try await GitFixture.git(["-C", fixture.origin, "update-server-info"])
        let server = try await StaticHTTPServer(serving: fixture.scratch.path + "/remotes")
        do {
            let (cache, data) = try fixture.makeCache()
            let url = "http://127.0.0.1:\(server.port)/project.git"
            let checkout = WorkspaceCheckout(cache: cache)
            let first = try Workspace()
            let result = try await checkout.checkout(
                CheckoutRequest(cloneURL: url, ref: .pullRequest(7)), into: first.content)
            #expect(result.commit == fixture.pullRequestCommit)
            #expect(result.repositories.first?.branch == "pull/7")
            #expect(
                try await GitCheckoutTests.git(first.content + "/project", "remote", "get-url", "origin") == url)
            #expect(FileManager.default.fileExists(atPath: data + "/git/127.0.0.1_\(server.port)/project.git"))

            let newCommit = try await fixture.pushCommit(file: "http.txt", text: "over http\n")
            try await GitFixture.git(["-C", fixture.origin, "update-server-info"])
            let second = try Workspace()
            let after = try await checkout.checkout(CheckoutRequest(cloneURL: url), into: second.content)
            #expect(after.commit == newCommit)
            #expect(after.repositories.first?.mirrorWasCloned == false)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A missing repository, an unreachable host, a missing ref and a missing additional repository each give an
    /// error naming what is wrong, and leave no mirror, staging directory or partial checkout behind.
    @Test func failuresLeaveNothingBehind() async throws {
        let fixture = try await GitFixture()
        let (cache, data) = try fixture.makeCache(
            timeouts: GitCLI.Timeouts(network: .seconds(30), local: .seconds(30)))
        let checkout = WorkspaceCheckout(cache: cache)
        let missingPath = fixture.scratch.path + "/remotes/missing.git"
        let cases: [(CheckoutRequest, GitError.Code, String)] = [
            (CheckoutRequest(cloneURL: "ftp://git.example/owner/repo.git"), .invalidURL, "ftp://git.example"),
            (CheckoutRequest(cloneURL: missingPath), .commandFailed, "missing.git"),
            (CheckoutRequest(cloneURL: "http://127.0.0.1:9/owner/repo.git"), .commandFailed, "127.0.0.1:9"),
            (CheckoutRequest(cloneURL: fixture.origin, ref: .branch("nope")), .refNotFound, "nope"),
            (CheckoutRequest(cloneURL: fixture.origin, ref: .commit("deadbeef")), .refNotFound, "deadbeef"),
            (
                CheckoutRequest(cloneURL: fixture.origin, additionalRepositories: [.init(url: missingPath)]),
                .commandFailed, "missing.git"
            ),
        ]
        for (request, code, named) in cases {
            let workspace = try Workspace()
            let error = await #expect(throws: GitError.self) {
                try await checkout.checkout(request, into: workspace.content)
            }
            #expect(error?.code == code, "\(request.cloneURL)")
            #expect(error?.description.contains(named) == true, "\(error?.description ?? "")")
            #expect(try workspace.entries().content == [])
            #expect(try workspace.entries().workspace == ["content"])
        }
        // Only the good repository got a mirror; the failed clones left no temporary directories.
        #expect(Self.names(data + "/git/.tmp") == [])
        #expect(Self.names(data + "/git") == [".tmp", "local"])
        #expect(Self.names(data + "/git/local/_").count == 1)
    }

    /// A git call that runs past its time limit is stopped and reported, and leaves no temporary mirror.
    @Test func timeoutStopsGit() async throws {
        let scratch = try TemporaryDirectory(prefix: "slow-git")
        try FileManager.default.createDirectory(atPath: scratch.path + "/bin", withIntermediateDirectories: false)
        let script = scratch.path + "/bin/git"
        try Data("#!/bin/sh\nexec sleep 30\n".utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        let git = try GitCLI(executable: script, timeouts: GitCLI.Timeouts(network: .milliseconds(300)))
        let cache = RepositoryCache(dataDirectory: scratch.path, git: git)
        let started = ContinuousClock.now
        let error = await #expect(throws: GitError.self) {
            try await cache.update("https://git.example/owner/repo.git")
        }
        #expect(error?.code == .timedOut, "\(error?.description ?? "")")
        #expect(error?.message.contains("https://git.example/owner/repo.git") == true)
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(Self.names(scratch.path + "/git/.tmp") == [])
    }

    /// Run as root: every file of the checkout, and the directories made on the way to it, belong to the
    /// workspace user afterwards; a symbolic link in the repository that points outside the content directory is
    /// changed itself, and its target is not.
    @Test func ownershipWithoutFollowingLinks() async throws {
        #expect(getuid() == 0, "this test changes file owners and must run as root")
        let fixture = try await GitFixture()
        let outside = try TemporaryDirectory(prefix: "outside")
        let target = outside.path + "/secret.txt"
        try Data("not yours\n".utf8).write(to: URL(fileURLWithPath: target))
        #expect(symlink(target, fixture.work + "/escape") == 0)
        #expect(symlink(outside.path, fixture.work + "/escape-dir") == 0)
        try await GitFixture.git(["-C", fixture.work, "add", "escape", "escape-dir"])
        try await GitFixture.git(["-C", fixture.work, "commit", "--quiet", "-m", "links"])
        try await GitFixture.git(["-C", fixture.work, "push", "--quiet", "origin", "main"])

        let (cache, data) = try fixture.makeCache()
        let workspace = try Workspace()
        let owner = FileOwner.workspaceUser(IDShift(offset: 100_000))
        #expect(owner.uid == 133_333 && owner.gid == 133_333)
        let result = try await WorkspaceCheckout(cache: cache).checkout(
            CheckoutRequest(cloneURL: fixture.origin, checkoutLocation: "nested/dir/project"), into: workspace.content,
            owner: owner)

        var checked = 0
        let root = workspace.content + "/nested"
        var paths = [root]
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let name = walker.nextObject() as? String { paths.append(root + "/" + name) }
        }
        for path in paths {
            var status = stat()
            #expect(lstat(path, &status) == 0)
            #expect(status.st_uid == owner.uid && status.st_gid == owner.gid, "\(path)")
            checked += 1
        }
        #expect(result.ownedEntries == checked)
        var link = stat()
        #expect(lstat(workspace.content + "/nested/dir/project/escape", &link) == 0)
        #expect(link.st_mode & S_IFMT == S_IFLNK)
        for outsidePath in [target, outside.path] {
            var status = stat()
            #expect(lstat(outsidePath, &status) == 0)
            #expect(status.st_uid == 0 && status.st_gid == 0, "\(outsidePath) was followed")
        }
        // The content directory itself and the mirror stay the server's.
        var content = stat()
        #expect(lstat(workspace.content, &content) == 0)
        #expect(content.st_uid == 0)
        var mirror = stat()
        #expect(lstat(data + "/git/" + (try cache.remoteURL(fixture.origin).mirrorRelativePath), &mirror) == 0)
        #expect(mirror.st_uid == 0)
    }
}
