import Content
import Foundation
import ImageBuilder
import WorkspaceConfig

/// The real image resolution: the default image, a named one, or the repository's Dockerfile built through the
/// engine. A Dockerfile's files come from a checkout of the workspace's commit, made from the bare mirror in a
/// scratch directory and removed after the build.
public struct RepositoryImageResolver: WorkspaceImageResolver {
    private let resolver: ImageResolver
    private let cache: RepositoryCache
    private let scratchDirectory: String

    /// - Parameter scratchDirectory: where build checkouts are made (`<data>/tmp`).
    public init(resolver: ImageResolver, cache: RepositoryCache, scratchDirectory: String) {
        self.resolver = resolver
        self.cache = cache
        self.scratchDirectory = scratchDirectory
    }

    public func resolve(
        configuration: WorkspaceConfiguration, repository: WorkspaceRepository, log: ImageBuildLog
    ) async throws -> String {
        switch configuration.image {
        case nil:
            return try await resolver.resolve(.default).reference
        case .name(let name):
            return try await resolver.resolve(.name(name), log: { log.write($0) }).reference
        case .file(let file, let context):
            let work = "\(scratchDirectory)/image-source-\(UUID().uuidString.prefix(8).lowercased())"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: work) }
            _ = try await WorkspaceCheckout(cache: cache).checkout(
                CheckoutRequest(
                    cloneURL: repository.cloneURL, ref: .commit(repository.commit), checkoutLocation: "repository"),
                into: work)
            let source = ImageSource.dockerfile(
                repository: work + "/repository", file: file, context: context,
                arguments: configuration.imageBuildArguments)
            return try await resolver.resolve(source, buildStarts: { await log.buildStarted() }, log: { log.write($0) })
                .reference
        }
    }
}
