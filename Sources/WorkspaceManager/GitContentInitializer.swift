import Content
import Foundation
import Store
import WorkspaceConfig

/// The real fresh checkout: the workspace's repository cloned from its bare mirror at the workspace's ref, with the
/// configuration's `additionalRepositories` and `gitConfig`, every file owned by the workspace user.
public struct GitContentInitializer: WorkspaceContentInitializer {
    private let checkout: WorkspaceCheckout

    public init(cache: RepositoryCache) {
        checkout = WorkspaceCheckout(cache: cache)
    }

    public func checkout(workspace: Workspace, into directory: String, owner: FileOwner) async throws -> String {
        let configuration = try WorkspaceConfiguration.decodeStored(
            workspace.configuration, workspaceID: workspace.id)
        // The checkout puts the repository in place by a rename, beside the content directory's other entries:
        // the directory the manager prepared for it must be out of the way (it is empty).
        let parent = (directory as NSString).deletingLastPathComponent
        let location = (directory as NSString).lastPathComponent
        guard rmdir(directory) == 0 || errno == ENOENT else {
            throw WorkspaceManagerError(
                code: .contentConflict, message: "\(directory) is not empty; the checkout does not overwrite files")
        }
        let request = CheckoutRequest(
            cloneURL: workspace.cloneURL,
            ref: try CheckoutRef(type: workspace.refType?.rawValue ?? "default", name: workspace.ref),
            checkoutLocation: location,
            additionalRepositories: configuration.additionalRepositories.map {
                CheckoutRequest.AdditionalRepository(url: $0.url, checkoutLocation: $0.checkoutLocation)
            },
            gitConfig: configuration.gitConfig)
        return try await checkout.checkout(request, into: parent, owner: owner).commit
    }
}
