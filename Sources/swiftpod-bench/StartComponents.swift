import Content
import Foundation
import ImageBuilder
import Store
import WorkspaceConfig
import WorkspaceManager

/// The image of a workspace through ImageBuilder's resolver: the base image, as the benchmark's repository has no
/// image configuration.
struct BenchImageResolver: WorkspaceImageResolver {
    let resolver: ImageResolver

    func resolve(
        configuration: WorkspaceConfiguration, repository: WorkspaceRepository, log: ImageBuildLog
    ) async throws -> String {
        guard configuration.image == nil else {
            throw BenchError("the benchmark's repository must use the base image: it has an image configuration")
        }
        return try await resolver.resolve(.default) { line in log.write(line) }.reference
    }
}

/// A fresh checkout through Content's mirror cache and `WorkspaceCheckout`: the repository's mirror is brought up
/// to date (cloned the first time), then cloned into the workspace.
struct BenchGitInitializer: WorkspaceContentInitializer {
    let checkout: WorkspaceCheckout

    func checkout(workspace: Workspace, into directory: String, owner: FileOwner) async throws -> String {
        // The manager makes the repository's directory; WorkspaceCheckout wants to place it itself, from a staging
        // directory beside the content directory.
        let parent = (directory as NSString).deletingLastPathComponent
        let location = (directory as NSString).lastPathComponent
        guard rmdir(directory) == 0 || errno == ENOENT else { throw BenchError.io("remove the empty \(directory)") }
        let result = try await checkout.checkout(
            CheckoutRequest(cloneURL: workspace.cloneURL, ref: .commit(workspace.commit), checkoutLocation: location),
            into: parent, owner: owner)
        return result.commit
    }
}
