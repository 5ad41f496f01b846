import Content
import ContextURL
import Foundation
import Store
import TestSupport
import WorkspaceConfig
import WorkspaceManager

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
