import Content
import ContextURL
import Foundation
import Store
import TestSupport
import WorkspaceConfig
import WorkspaceManager

/// A bare repository on local disk with one commit of `files`.
struct LocalRepository: Sendable {
    let scratch: TemporaryDirectory
    let bare: String
    let head: String

    init(files: [String: String]) async throws {
        scratch = try TemporaryDirectory(prefix: "api-repository")
        bare = scratch.path + "/project.git"
        let work = scratch.path + "/work"
        try await Self.git(["init", "--quiet", "--bare", "--initial-branch=main", bare])
        try await Self.git(["init", "--quiet", "--initial-branch=main", work])
        for (name, text) in files {
            let path = work + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try await Self.git(["-C", work, "add", "--all"])
        try await Self.git(["-C", work, "commit", "--quiet", "-m", "the project"])
        try await Self.git(["-C", work, "push", "--quiet", bare, "main"])
        head = try await Self.git(["-C", work, "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The context URL of the repository.
    var contextURL: String { "file://\(bare)" }

    @discardableResult
    static func git(_ arguments: [String]) async throws -> String {
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_NOSYSTEM": "1",
        ]
        let result = try await runProcess("/usr/bin/git", arguments, environment: environment)
        guard result.status == 0 else {
            throw FixtureFailure(description: "git \(arguments.joined(separator: " ")): \(result.standardError)")
        }
        return result.standardOutput
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
}

/// A creator that reads local repositories (as `--allow-local-repos` does), over `cache`.
func localCreator(store: SQLiteStore, cache: RepositoryCache) -> WorkspaceCreator {
    WorkspaceCreator(
        store: store, cache: cache, parser: ContextURLParser(allowLocalRepositories: true),
        refLister: GitLsRemote(allowLocalRepositories: true))
}

/// A runtime with no engine behind it: every call fails. For the tests whose workspaces never run.
struct NoEngineRuntime: WorkspaceRuntime {
    static let message = "this test has no container engine"

    private func refuse() -> WorkspaceManagerError {
        WorkspaceManagerError(code: .runtimeFailure, message: Self.message)
    }

    func createContainer(_ request: WorkspaceContainerRequest) async throws -> String { throw refuse() }
    func startContainer(id: String) async throws { throw refuse() }
    func stopContainer(id: String) async throws { throw refuse() }
    func removeContainer(id: String) async throws { throw refuse() }
    func container(id: String) async throws -> WorkspaceContainer? { nil }
    func containers() async throws -> [WorkspaceContainer] { [] }
    func waitUntilReady(containerID id: String, directory: WorkspaceDirectory, timeout: Duration) async throws {
        throw refuse()
    }
    func lastActivity(directory: WorkspaceDirectory) async throws -> Date { throw refuse() }
}

/// An image resolver that refuses every image, so that a start fails while preparing.
struct RefusingImageResolver: WorkspaceImageResolver {
    static let message = "no image can be resolved in this test"

    func resolve(
        configuration: WorkspaceConfiguration, repository: WorkspaceRepository, log: ImageBuildLog
    ) async throws -> String {
        throw WorkspaceManagerError(code: .runtimeFailure, message: Self.message)
    }
}
