import Basics
import ContainerEngine
import Content
import ContextURL
import Foundation
import HTTPServer
import ImageBuilder
import RESTAPI
import Store
import WorkspaceManager

/// The engine-dependent parts of the server: the engine connection, the workspace manager over the real runtime,
/// and the creator of workspaces from context URLs.
public struct WorkspaceParts: Sendable {
    public let engine: EngineConnection
    public let manager: WorkspaceManager
    public let creator: WorkspaceCreator
    /// The directory of the static `swiftpod-supervisor` and `gp` mounted into workspaces.
    public let binariesDirectory: String
    /// The public API's workspace routes over this manager and creator.
    public let api: WorkspaceAPI
    /// Those routes, matched by a router of their own.
    public let apiResponder: any HTTPResponder
    /// The workspaces' server channels (`gp`'s way to the server), which the manager opens and closes.
    public let channels: WorkspaceServerChannels?

    public init(
        engine: EngineConnection, manager: WorkspaceManager, creator: WorkspaceCreator, binariesDirectory: String,
        api: WorkspaceAPI, channels: WorkspaceServerChannels? = nil
    ) {
        self.engine = engine
        self.manager = manager
        self.creator = creator
        self.binariesDirectory = binariesDirectory
        self.api = api
        self.channels = channels
        var router = Router()
        api.register(on: &router)
        apiResponder = router.responder()
    }

    /// Finds the workspace binaries and the engine, builds the base image when the engine lacks it (its progress
    /// goes to the log), and builds the manager and the creator over the real parts.
    /// - Parameter executablePath: the running executable, beside which the workspace binaries are looked for.
    /// - Throws: `ServerConfigurationError` when the workspace binaries are not found; the engine's and the image
    ///   builder's errors.
    public static func start(
        configuration: ServerConfiguration, store: SQLiteStore, metrics: MetricsRegistry, logger: Logger,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) async throws -> WorkspaceParts {
        let binaries = try findBinaries(configuration: configuration, executablePath: executablePath)
        logger.info("workspace binaries", ["path": binaries])
        let data = configuration.dataDirectory
        let engine = try await EngineLocator.locate(
            explicit: configuration.engine, dataDirectory: data, logger: logger.with("component", "engine"))
        do {
            logger.info("checking the base image \(BaseImageBootstrap.reference); a first build takes a few minutes")
            let base = try await BaseImageBootstrap(
                client: engine.client, dataDirectory: data, logger: logger.with("component", "base-image")
            ).run()
            logger.info(
                base.wasBuilt ? "built the base image" : "the base image is there",
                ["image.id": base.image.id])
            let cache = RepositoryCache(
                dataDirectory: data, git: try GitCLI(),
                allowsLocalRepositories: configuration.allowLocalRepositories)
            let images = RepositoryImageResolver(
                resolver: ImageResolver(
                    client: engine.client, dataDirectory: data, logger: logger.with("component", "images")),
                cache: cache, scratchDirectory: data + "/tmp")
            let manager = WorkspaceManager(
                store: store, contentStore: LocalContentStore(root: data + "/content"),
                runtime: PodmanWorkspaceRuntime(
                    client: engine.client, binariesDirectory: binaries,
                    installation: URL(fileURLWithPath: data).lastPathComponent),
                imageResolver: images, contentInitializer: GitContentInitializer(cache: cache),
                configuration: WorkspaceManagerConfiguration(
                    dataDirectory: data, publicURL: configuration.publicURL, timeouts: configuration.timeouts,
                    keptFiles: configuration.keptFiles),
                logger: logger.with("component", "workspaces"), metrics: WorkspaceMetrics(registry: metrics),
                userEnvironment: { workspace in
                    try await SwiftpodServices.environmentVariables(
                        in: store, userID: workspace.ownerID, cloneURL: workspace.cloneURL)
                })
            let creator = WorkspaceCreator(
                store: store, cache: cache,
                parser: ContextURLParser(
                    hosts: configuration.gitHosts, allowLocalRepositories: configuration.allowLocalRepositories),
                refLister: GitLsRemote(allowLocalRepositories: configuration.allowLocalRepositories))
            let api = try WorkspaceAPI(
                WorkspaceAPIDependencies(
                    store: store, manager: manager, creator: creator, publicURL: configuration.publicURL,
                    defaultInactivityTimeout: { try await store.defaultInactivityTimeout(userID: $0) },
                    logger: logger.with("component", "api")))
            let channels = WorkspaceServerChannels(
                dependencies: WorkspaceChannelDependencies(
                    store: store, api: api, defaultInactivityTimeout: configuration.timeouts.inactivity),
                logger: logger.with("component", "channels"))
            await manager.attach(channelHost: channels)
            return WorkspaceParts(
                engine: engine, manager: manager, creator: creator, binariesDirectory: binaries, api: api,
                channels: channels)
        } catch {
            await engine.shutdown()
            throw error
        }
    }

    /// `--workspace-binaries`, or the directory `WorkspaceBinariesLocator` finds.
    static func findBinaries(configuration: ServerConfiguration, executablePath: String) throws -> String {
        let programs = WorkspaceBinariesLocator.programs.joined(separator: " and ")
        if let directory = configuration.workspaceBinaries {
            guard WorkspaceBinariesLocator.holdsPrograms(directory) else {
                throw ServerConfigurationError(
                    "the directory '\(directory)' of --workspace-binaries does not hold \(programs)")
            }
            return directory
        }
        guard let found = WorkspaceBinariesLocator.find(executablePath: executablePath) else {
            throw ServerConfigurationError(
                "the static \(programs) were not found beside \(executablePath) nor in a checkout's "
                    + ".build/static: run scripts/build-workspace-binaries, or pass --workspace-binaries DIR")
        }
        return found
    }

    /// Reconciles the store with the engine at once and then every `interval`, until cancelled.
    public func runReconciler(every interval: Duration = .seconds(60)) async {
        await manager.runReconciler(every: interval)
    }

    /// Ends the manager's event streams, closes the workspaces' server channels (running workspaces get them back
    /// from the next server's reconciler) and stops a Podman service the server started.
    public func shutdown() async {
        await api.shutdown()
        await channels?.closeAll()
        await manager.shutdown()
        await engine.shutdown()
    }
}
