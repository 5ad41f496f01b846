import ContextURL
import Foundation
import Glibc
import TestSupport
import Testing

/// `GitLsRemote` and the resolver against real bare repositories made with the git CLI, through `file://` URLs.
@Suite struct GitLsRemoteTests {
    /// A bare repository with `main`, a branch with slashes, an annotated and a lightweight tag, and a commit that
    /// no branch or tag reaches; plus a copy whose HEAD is detached.
    struct Fixture {
        let directory: TemporaryDirectory
        let main: String
        let feature: String
        let detached: String

        var url: String { "file://\(directory.path)/repo.git" }
        var detachedHeadURL: String { "file://\(directory.path)/detached-head.git" }

        init() async throws {
            directory = try TemporaryDirectory(prefix: "swiftpod-ls-remote")
            let script = """
                set -e
                cd "$1"
                export HOME="$1" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com \
                    GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com
                git init -q -b main work
                cd work
                mkdir src && echo one > src/main.c && git add src && git commit -q -m one
                git checkout -q -b team/feature/x
                echo two > src/main.c && git commit -q -am two
                git tag -a v1.0 -m 'release 1.0'
                git tag nightly main
                git checkout -q --detach
                echo three > src/main.c && git commit -q -am detached
                git rev-parse HEAD > ../detached
                git checkout -q main
                git rev-parse main > ../main
                git rev-parse team/feature/x > ../feature
                git clone -q --bare . ../repo.git
                git push -q ../repo.git "$(cat ../detached):refs/keep/detached"
                git clone -q --bare . ../detached-head.git
                git --git-dir=../detached-head.git update-ref --no-deref HEAD "$(cat ../feature)"
                """
            let result = try await runProcess("/bin/sh", ["-c", script, "sh", directory.path])
            try #require(result.status == 0, "\(result.standardError)")
            main = try Self.read("main", in: directory)
            feature = try Self.read("feature", in: directory)
            detached = try Self.read("detached", in: directory)
        }

        private static func read(_ name: String, in directory: TemporaryDirectory) throws -> String {
            try String(contentsOfFile: "\(directory.path)/\(name)", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A context parsed from a GitHub-style URL, pointed at the local repository.
        func context(_ githubURL: String) throws -> WorkspaceContext {
            var context = try ContextURLParser().parse(githubURL)
            context.cloneURL = url
            return context
        }
    }

    let lister = GitLsRemote(allowLocalRepositories: true)

    @Test func listsBranchesTagsAndHEAD() async throws {
        let fixture = try await Fixture()
        let refs = try await lister.refs(cloneURL: fixture.url, matching: ["HEAD", "refs/heads/*", "refs/tags/*"])
        #expect(refs.contains(GitRef(name: "HEAD", kind: .head, commit: fixture.main, symbolicTarget: "main")))
        #expect(refs.contains(GitRef(name: "main", kind: .branch, commit: fixture.main)))
        #expect(refs.contains(GitRef(name: "team/feature/x", kind: .branch, commit: fixture.feature)))
        #expect(refs.contains(GitRef(name: "v1.0", kind: .tag, commit: fixture.feature)), "peeled to the commit")
        #expect(refs.contains(GitRef(name: "nightly", kind: .tag, commit: fixture.main)))
        #expect(refs.count == 5, "refs/keep/detached is not asked for: \(refs)")
    }

    @Test func resolvesABranchWithSlashesAndItsPath() async throws {
        let fixture = try await Fixture()
        let context = try fixture.context("https://github.com/o/r/blob/team/feature/x/src/main.c")
        let resolved = try await ContextResolver(refLister: lister).resolve(context)
        #expect(resolved.ref == "team/feature/x")
        #expect(resolved.refType == .branch)
        #expect(resolved.path == "src/main.c")
        #expect(resolved.commit == fixture.feature)
    }

    @Test func resolvesTagsCommitsAndTheDefaultBranch() async throws {
        let fixture = try await Fixture()
        let resolver = ContextResolver(refLister: lister)
        let tag = try await resolver.resolve(try fixture.context("https://github.com/o/r/tree/v1.0"))
        #expect(tag.refType == .tag)
        #expect(tag.commit == fixture.feature)

        let commit = try await resolver.resolve(
            try fixture.context("https://github.com/o/r/tree/\(fixture.detached.prefix(12))/src"))
        #expect(commit.refType == .commit)
        #expect(commit.ref == String(fixture.detached.prefix(12)))
        #expect(commit.path == "src")

        let parser = ContextURLParser(allowLocalRepositories: true)
        let home = try await resolver.resolve(try parser.parse(fixture.url))
        #expect(home.refType == .default)
        #expect(home.ref == "main")
        #expect(home.commit == fixture.main)
        #expect(home.repo == "repo")

        let detachedHead = try await resolver.resolve(try parser.parse(fixture.detachedHeadURL))
        #expect(detachedHead.ref == nil)
        #expect(detachedHead.commit == fixture.feature)
    }

    @Test func aMissingBranchIsNamed() async throws {
        let fixture = try await Fixture()
        let error = await #expect(throws: ContextURLError.self) {
            try await ContextResolver(refLister: lister).resolve(
                try fixture.context("https://github.com/o/r/tree/team/gone"))
        }
        #expect(error?.code == .refNotFound)
        #expect(
            error?.description.contains("no branch or tag named 'team' nor any longer prefix of 'team/gone'") == true)
    }

    @Test func localRepositoriesNeedPermissionInGitToo() async throws {
        let fixture = try await Fixture()
        let error = await #expect(throws: ContextURLError.self) {
            _ = try await GitLsRemote().refs(cloneURL: fixture.url, matching: ["HEAD"])
        }
        #expect(error?.code == .remoteFailed)
        #expect(error?.description.contains("exited with status 128") == true, "\(error?.description ?? "")")
    }

    @Test func aMissingRepositoryIsARemoteFailure() async throws {
        let directory = try TemporaryDirectory()
        let url = "file://\(directory.path)/nothing.git"
        let error = await #expect(throws: ContextURLError.self) {
            _ = try await lister.refs(cloneURL: url, matching: ["HEAD"])
        }
        #expect(error?.code == .remoteFailed)
        #expect(
            error?.description.hasPrefix("cannot list the refs of \(url): git ls-remote exited with status 128") == true
        )
    }

    /// A server that takes the connection (the kernel's backlog does) and never answers.
    @Test func aRemoteThatDoesNotAnswerTimesOut() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, address, &length) == 0
            }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let silent = GitLsRemote(timeout: .milliseconds(500))
        let url = "http://127.0.0.1:\(port)/o/r.git"
        let error = await #expect(throws: ContextURLError.self) {
            _ = try await silent.refs(cloneURL: url, matching: ["HEAD"])
        }
        #expect(error?.code == .remoteFailed)
        #expect(
            error?.description == "cannot list the refs of \(url): git ls-remote did not answer within 0.5 seconds",
            "\(error?.description ?? "")")
    }
}
