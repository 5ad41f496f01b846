import ContextURL
import Synchronization
import Testing

/// The resolver's logic against a fake remote: ref splitting, branches against tags and commits, the default
/// branch, pull requests and the errors that name what is missing.
@Suite struct ContextResolverTests {
    /// A remote whose refs are fixed, recording what it was asked.
    final class FakeRemote: RefLister {
        let advertised: [GitRef]
        let requests = Mutex<[(url: String, patterns: [String])]>([])

        init(_ refs: [GitRef]) { advertised = refs }

        func refs(cloneURL: String, matching patterns: [String]) async throws -> [GitRef] {
            requests.withLock { $0.append((cloneURL, patterns)) }
            return advertised
        }
    }

    static let main = String(repeating: "a", count: 40)
    static let feature = String(repeating: "b", count: 40)
    static let release = "c0ffee" + String(repeating: "0", count: 34)
    static let pull = String(repeating: "d", count: 40)
    static let refs: [GitRef] = [
        GitRef(name: "HEAD", kind: .head, commit: main, symbolicTarget: "main"),
        GitRef(name: "main", kind: .branch, commit: main),
        GitRef(name: "feature", kind: .branch, commit: main),
        GitRef(name: "feature/x", kind: .branch, commit: feature),
        GitRef(name: "feature/x/y", kind: .branch, commit: feature),
        GitRef(name: "v1.0", kind: .tag, commit: release),
        GitRef(name: "release/2024", kind: .tag, commit: release),
        GitRef(name: "refs/pull/12/head", kind: .other, commit: pull),
    ]

    private func resolve(_ url: String, refs: [GitRef] = refs) async throws -> WorkspaceContext {
        let parser = ContextURLParser(
            hosts: try GitHostConfiguration(declarations: ["git.example.com=gitea"]))
        return try await ContextResolver(refLister: FakeRemote(refs)).resolve(try parser.parse(url))
    }

    @Test func theLongestMatchingBranchWinsAndTheRestIsThePath() async throws {
        let context = try await resolve("https://github.com/o/r/tree/feature/x/y/src/main.c")
        #expect(context.ref == "feature/x/y")
        #expect(context.refType == .branch)
        #expect(context.path == "src/main.c")
        #expect(context.commit == Self.feature)
        #expect(context.unresolvedRef == nil)
    }

    @Test func aShorterBranchMatchesWhenTheLongerOneDoesNotExist() async throws {
        let context = try await resolve("https://github.com/o/r/blob/feature/x/README.md")
        #expect(context.ref == "feature/x")
        #expect(context.path == "README.md")
        let short = try await resolve("https://github.com/o/r/tree/feature/docs")
        #expect(short.ref == "feature")
        #expect(short.path == "docs")
        #expect(short.commit == Self.main)
    }

    @Test func aRefThatIsWholeHasNoPath() async throws {
        let context = try await resolve("https://github.com/o/r/tree/feature/x/y")
        #expect(context.ref == "feature/x/y")
        #expect(context.path == nil)
    }

    @Test func tagsAreToldFromBranches() async throws {
        let tree = try await resolve("https://github.com/o/r/tree/release/2024/docs")
        #expect(tree.refType == .tag)
        #expect(tree.ref == "release/2024")
        #expect(tree.path == "docs")
        #expect(tree.commit == Self.release)
        let release = try await resolve("https://github.com/o/r/releases/tag/v1.0")
        #expect(release.refType == .tag)
        #expect(release.commit == Self.release)
    }

    @Test func hexThatIsNoRefIsACommit() async throws {
        let tree = try await resolve("https://github.com/o/r/tree/c0ffee0/src")
        #expect(tree.refType == .commit)
        #expect(tree.ref == "c0ffee0")
        #expect(tree.path == "src")
        #expect(tree.commit == Self.release, "an abbreviated hash that one advertised ref has is expanded")
        let commits = try await resolve("https://github.com/o/r/commits/1234567abc")
        #expect(commits.refType == .commit)
        #expect(commits.ref == "1234567abc")
        #expect(commits.commit == nil, "an abbreviated hash no ref has cannot be expanded")
        let commit = try await resolve("https://github.com/o/r/commit/" + Self.feature)
        #expect(commit.commit == Self.feature)
    }

    @Test func aMissingRefIsAnErrorNamingIt() async throws {
        let error = await #expect(throws: ContextURLError.self) {
            try await resolve("https://github.com/o/r/tree/nope/src/main.c")
        }
        #expect(error?.code == .refNotFound)
        #expect(
            error?.description
                == "https://github.com/o/r.git has no branch or tag named 'nope' nor any longer prefix of 'nope/src/main.c'"
        )
        let tag = await #expect(throws: ContextURLError.self) {
            try await resolve("https://github.com/o/r/releases/tag/v9")
        }
        #expect(tag?.description == "https://github.com/o/r.git has no tag named 'v9'")
    }

    @Test func theDefaultBranchComesFromHEAD() async throws {
        let context = try await resolve("https://github.com/o/r/issues/4")
        #expect(context.refType == .default)
        #expect(context.ref == "main")
        #expect(context.commit == Self.main)
        let detached = try await resolve(
            "https://github.com/o/r", refs: [GitRef(name: "HEAD", kind: .head, commit: Self.feature)])
        #expect(detached.ref == nil)
        #expect(detached.commit == Self.feature)
        let error = await #expect(throws: ContextURLError.self) {
            try await resolve("https://github.com/o/r", refs: [])
        }
        #expect(error?.code == .emptyRepository)
    }

    @Test func pullRequestsResolveToTheirHeadRef() async throws {
        let remote = FakeRemote(Self.refs)
        let parsed = try ContextURLParser().parse("https://github.com/o/r/pull/12")
        let context = try await ContextResolver(refLister: remote).resolve(parsed)
        #expect(context.ref == "refs/pull/12/head")
        #expect(context.refType == .pullRequest)
        #expect(context.pullRequest == 12)
        #expect(context.commit == Self.pull)
        let requests = remote.requests.withLock { $0 }
        #expect(requests.map(\.url) == ["https://github.com/o/r.git"])
        #expect(requests.map(\.patterns) == [["refs/pull/12/head"]])

        let missing = await #expect(throws: ContextURLError.self) {
            try await resolve("https://gitlab.com/g/r/-/merge_requests/3")
        }
        #expect(
            missing?.description
                == "pull request #3 is not in https://gitlab.com/g/r.git (it advertises no refs/merge-requests/3/head)")
    }

    @Test func branchesAndTagsAreAskedForByPattern() {
        let context = WorkspaceContext(
            host: "github.com", hostKind: .github, owner: "o", repo: "r", cloneURL: "https://github.com/o/r.git")
        #expect(ContextResolver.patterns(for: context) == ["HEAD", "refs/heads/*", "refs/tags/*"])
    }

    @Test func giteaTagPathsPreferTags() async throws {
        let refs = Self.refs + [GitRef(name: "v1.0", kind: .branch, commit: Self.feature)]
        let context = try await resolve("https://git.example.com/o/r/src/tag/v1.0/docs", refs: refs)
        #expect(context.refType == .tag)
        #expect(context.commit == Self.release)
        #expect(context.path == "docs")
    }

    @Test func lsRemoteOutputIsParsed() {
        let output = """
            warning: redirecting to https://example.com/o/r.git/
            ref: refs/heads/main\tHEAD
            \(Self.main)\tHEAD
            \(Self.main)\trefs/heads/main
            \(Self.feature)\trefs/heads/feature/x
            \(Self.pull)\trefs/tags/v1.0
            \(Self.release)\trefs/tags/v1.0^{}
            \(Self.feature)\trefs/tags/light
            \(Self.pull)\trefs/pull/12/head
            nonsense line
            """
        #expect(
            GitLsRemote.parse(output) == [
                GitRef(name: "HEAD", kind: .head, commit: Self.main, symbolicTarget: "main"),
                GitRef(name: "main", kind: .branch, commit: Self.main),
                GitRef(name: "feature/x", kind: .branch, commit: Self.feature),
                GitRef(name: "v1.0", kind: .tag, commit: Self.release),
                GitRef(name: "light", kind: .tag, commit: Self.feature),
                GitRef(name: "refs/pull/12/head", kind: .other, commit: Self.pull),
            ])
    }
}
