import Content
import Foundation
import Subprocess
import TestSupport

/// A real bare repository made with the git CLI in a temporary directory: `main` with three commits, the branch
/// `feature/login` with one more, the annotated tag `v1.0` on the first commit, and the pull request head
/// `refs/pull/7/head` on a commit of its own.
final class GitFixture: Sendable {
    let scratch: TemporaryDirectory
    /// The bare repository's path (a local clone URL).
    let origin: String
    /// A working clone used to make commits and push them.
    let work: String
    let firstCommit: String
    let mainCommit: String
    let featureCommit: String
    let pullRequestCommit: String

    init(name: String = "project") async throws {
        scratch = try TemporaryDirectory(prefix: "git-fixture")
        let origin = "\(scratch.path)/remotes/\(name).git"
        let work = "\(scratch.path)/work"
        self.origin = origin
        self.work = work
        try await Self.git(["init", "--quiet", "--bare", "--initial-branch=main", origin])
        try await Self.git(["init", "--quiet", "--initial-branch=main", work])
        try await Self.git(["-C", work, "remote", "add", "origin", origin])

        firstCommit = try await Self.commit(in: work, file: "README.md", text: "# \(name)\n")
        try await Self.git(["-C", work, "tag", "-a", "v1.0", "-m", "release 1.0"])
        _ = try await Self.commit(in: work, file: "src/main.txt", text: "two\n")
        mainCommit = try await Self.commit(in: work, file: "src/main.txt", text: "three\n")
        try await Self.git(["-C", work, "checkout", "--quiet", "-b", "feature/login"])
        featureCommit = try await Self.commit(in: work, file: "login.txt", text: "login\n")
        try await Self.git(["-C", work, "checkout", "--quiet", "-b", "pr-7", "main"])
        pullRequestCommit = try await Self.commit(in: work, file: "fix.txt", text: "fix\n")
        try await Self.git(["-C", work, "checkout", "--quiet", "main"])
        try await Self.git(
            [
                "-C", work, "push", "--quiet", "origin", "main", "feature/login", "v1.0",
                "pr-7:refs/pull/7/head",
            ])
    }

    /// Commits `text` as `file` on the current branch of `work` and pushes the branch; returns the new commit.
    func pushCommit(file: String, text: String) async throws -> String {
        let commit = try await Self.commit(in: work, file: file, text: text)
        try await Self.git(["-C", work, "push", "--quiet", "origin", "HEAD"])
        return commit
    }

    /// Writes `text` to `file` in `repository`, commits it and returns the commit.
    static func commit(in repository: String, file: String, text: String) async throws -> String {
        let path = "\(repository)/\(file)"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try await git(["-C", repository, "add", "--", file])
        try await git(["-C", repository, "commit", "--quiet", "-m", "change \(file)"])
        return try await git(["-C", repository, "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git with a fixed identity and returns its standard output.
    @discardableResult
    static func git(_ arguments: [String]) async throws -> String {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        for (key, value) in [
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
        ] {
            environment[key] = value
        }
        let result = try await runProcess("git", arguments, environment: environment)
        guard result.status == 0 else {
            throw FixtureError(description: "git \(arguments.joined(separator: " ")): \(result.standardError)")
        }
        return result.standardOutput
    }

    /// A cache in a fresh data directory inside the fixture's scratch directory (removed with it) that accepts
    /// local repositories; returns the cache and the data directory.
    func makeCache(
        timeouts: GitCLI.Timeouts = GitCLI.Timeouts(network: .seconds(60), local: .seconds(60))
    )
        throws -> (RepositoryCache, String)
    {
        let data = "\(scratch.path)/data-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
        let cache = RepositoryCache(
            dataDirectory: data, git: try GitCLI(timeouts: timeouts), allowsLocalRepositories: true)
        return (cache, data)
    }
}

/// A fixture step that failed.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}
