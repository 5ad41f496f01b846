import Content
import Foundation
import ImageBuilder
import Store
import WorkspaceConfig

extension WorkspaceManager {
    /// Starts a workspace that is new or stopped, and returns its instance once it runs.
    ///
    /// The content comes from the workspace's last verified backup when it has one: the files its stop kept on this
    /// host when they are still there, else a restore (a missing or unreadable backup fails the start: a workspace
    /// never comes up empty in place of its files). Otherwise it comes from a fresh checkout.
    /// - Throws: `WorkspaceManagerError`: `.invalidState` when the workspace is live or busy, `.notFound` for a
    ///   missing or deleted workspace; any failure of the start itself, after the instance is marked `failed` with
    ///   the same reason.
    @discardableResult
    public func start(workspaceID: String) async throws -> WorkspaceInstance {
        try claim(workspaceID, for: .starting)
        defer { release(workspaceID) }
        let workspace: Workspace
        do {
            workspace = try await store.workspace(id: workspaceID)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkspaceManagerError(code: .notFound, message: "there is no workspace \(workspaceID)")
        }
        guard workspace.deletedAt == nil else {
            throw WorkspaceManagerError(code: .notFound, message: "workspace \(workspaceID) has been deleted")
        }
        let previous = try await store.currentInstance(workspaceID: workspaceID)
        if let previous, !previous.phase.isFinal {
            throw WorkspaceManagerError(
                code: .invalidState,
                message: "workspace \(workspaceID) is already \(previous.phase.rawValue) (instance \(previous.id))")
        }
        var instance = WorkspaceInstance(
            id: UUID().uuidString.lowercased(), workspaceID: workspaceID, phase: .preparing, createdAt: now())
        try await store.createInstance(instance)
        published(instance)
        metrics.startBegan()
        let offset: Int
        do {
            offset = try await reserveOffset(preferring: directory(workspaceID: workspaceID).keptContent?.hostIDOffset)
        } catch {
            await markFailed(&instance, reason: "\(error)")
            throw error
        }
        defer { releaseOffset(offset) }
        instance.hostIDOffset = offset
        var progress = StartProgress()
        do {
            try await store.updateInstanceDetails(instance)
            try await runStart(&instance, workspace: workspace, previous: previous, progress: &progress)
            if let running = instance.phaseTimes[.running] {
                metrics.startSucceeded(after: running.timeIntervalSince(instance.createdAt))
            }
            return instance
        } catch let error where error is CancellationError || Task.isCancelled {
            // Like a crash: nothing is undone; the reconciler retires the instance.
            throw CancellationError()
        } catch {
            metrics.startFailed()
            await cleanUpFailedStart(&instance, progress: progress, reason: Self.reason(error))
            metrics.stopped(.startFailure)
            throw error
        }
    }

    /// What a start has made so far, for its clean-up.
    struct StartProgress {
        var containerID: String?
        /// This start has restored or checked out the content, so it is in this instance's id range.
        var placedContent = false
    }

    private func runStart(
        _ instance: inout WorkspaceInstance, workspace: Workspace, previous: WorkspaceInstance?,
        progress: inout StartProgress
    ) async throws {
        let configuration = try WorkspaceConfiguration.decodeStored(
            workspace.configuration, workspaceID: workspace.id)
        let offset = instance.hostIDOffset ?? 0
        let directory = self.directory(workspaceID: workspace.id)

        // preparing (→ building) → pending: the image.
        let instanceID = instance.id
        let limit = self.configuration.timeouts.initialization
        let log = ImageBuildLog(
            buildStarted: { [weak self] in await self?.enterBuilding(instanceID: instanceID) },
            line: { [logger] line in logger.debug(line, ["instance.id": instanceID]) })
        let image = try await withTimeLimit(limit, "resolving the image of workspace \(workspace.id)") {
            [imageResolver] in
            try await imageResolver.resolve(
                configuration: configuration,
                repository: WorkspaceRepository(cloneURL: workspace.cloneURL, commit: workspace.commit), log: log)
        }
        // A build moved the instance to `building` from the resolver's callback: take the phase and its time.
        if let stored = try? await store.instance(id: instance.id) {
            instance.phase = stored.phase
            instance.phaseTimes = stored.phaseTimes
        }
        instance.imageRef = image
        try await store.updateInstanceDetails(instance)
        try await move(&instance, to: .pending)

        // creating: directories and the container.
        try await move(&instance, to: .creating)
        let userID = offset + BaseImageBootstrap.userID
        let owner = FileOwner(uid: uid_t(userID), gid: gid_t(userID))
        let (backup, adopted) = try await prepareContent(
            directory, workspaceID: workspace.id, offset: offset, previous: previous)
        progress.placedContent = adopted
        let checkoutLocation = Self.checkoutLocation(configuration: configuration, cloneURL: workspace.cloneURL)
        let repositoryRoot = WorkspaceDirectory.contentMountPoint + "/" + checkoutLocation
        let userVariables: [String: String]
        do {
            userVariables = try await userEnvironment(workspace)
        } catch {
            throw WorkspaceManagerError(
                code: .environmentUnavailable,
                message: "cannot read the environment variables of workspace \(workspace.id)'s owner",
                underlying: error)
        }
        let environment = environment(
            workspace: workspace, instanceID: instance.id, configuration: configuration, userVariables: userVariables,
            repositoryRoot: repositoryRoot)
        try await directory.prepareRun(
            hostIDOffset: offset,
            configuration: configuration.supervisorConfiguration(
                environment: environment,
                workspaceLocation: configuration.workspaceLocation.flatMap(Self.relativePath) ?? checkoutLocation))
        await openChannel(workspaceID: workspace.id, directory: directory)
        if !adopted { try await directory.prepareEmptyContent(owner: owner, subdirectory: nil) }
        let request = WorkspaceContainerRequest(
            workspaceID: workspace.id, instanceID: instance.id, image: image, directory: directory,
            hostIDOffset: offset, environment: environment,
            workspaceDirectory: configuration.workspaceLocation.flatMap(Self.relativePath).map {
                WorkspaceDirectory.contentMountPoint + "/" + $0
            } ?? repositoryRoot,
            fresh: backup == nil, limits: self.configuration.limits)
        progress.containerID = try await runtime.createContainer(request)
        instance.containerID = progress.containerID
        try await store.updateInstanceDetails(instance)

        // initializing: the content, then the supervisor and its tasks. A restore that fails removes what it
        // wrote, and a failed checkout is removed too: only content that is complete counts as the user's.
        try await move(&instance, to: .initializing)
        if adopted {
            instance.contentSource = .backup
        } else if let backup {
            try await restore(backup, into: directory, hostIDOffset: offset)
            instance.contentSource = .backup
        } else {
            try await directory.makeSubdirectory(checkoutLocation, owner: owner)
            do {
                let target = directory.content + "/" + checkoutLocation
                let commit = try await withTimeLimit(limit, "checking out \(workspace.cloneURL)") {
                    [contentInitializer] in
                    try await contentInitializer.checkout(workspace: workspace, into: target, owner: owner)
                }
                logger.info("checked out \(workspace.cloneURL) at \(commit)", ["workspace.id": workspace.id])
            } catch let error where error is CancellationError || Task.isCancelled {
                throw CancellationError()
            } catch {
                throw WorkspaceManagerError(
                    code: .contentUnavailable,
                    message: "cannot check out \(workspace.cloneURL) at \(workspace.commit)", underlying: error)
            }
            instance.contentSource = .git
        }
        try await directory.markContentComplete()
        progress.placedContent = true
        try await store.updateInstanceDetails(instance)
        if let containerID = progress.containerID {
            let starting = ContinuousClock.now
            try await runtime.startContainer(id: containerID)
            let started = ContinuousClock.now
            try await runtime.waitUntilReady(
                containerID: containerID, directory: directory, timeout: self.configuration.timeouts.initialization)
            logger.debug(
                "the container of workspace \(workspace.id) started in \(started - starting), its supervisor was "
                    + "ready \(ContinuousClock.now - started) later",
                ["workspace.id": workspace.id])
        }
        try await move(&instance, to: .running)
    }

    /// Readies the content directory for a start in host id range `offset`, and returns the workspace's last
    /// verified backup and whether the directory already holds it:
    /// - files a stop kept, the same as that backup and owned in this range, are taken into use as they are (backed
    ///   up again first when that backup has gone missing);
    /// - other complete files (an earlier instance's whose backup failed, or kept files in another range) are
    ///   backed up first, then removed, and the new backup is restored;
    /// - a restore or checkout cut short (its source is still there) is removed.
    private func prepareContent(
        _ directory: WorkspaceDirectory, workspaceID: String, offset: Int, previous: WorkspaceInstance?
    ) async throws -> (backup: Backup?, adopted: Bool) {
        let latest = try await store.latestVerifiedBackup(workspaceID: workspaceID)
        let kept = directory.keptContent
        if let kept, let latest, kept.backupID == latest.id, kept.hostIDOffset == offset {
            var backup = latest
            if try await !contentStore.backups(workspaceID: workspaceID).contains(where: { $0.id == latest.id }) {
                logger.warning(
                    "the last backup of workspace \(workspaceID) (\(latest.id)) is missing from the content store; "
                        + "the files kept on this host are backed up again before it starts",
                    ["workspace.id": workspaceID])
                try await backUpContent(workspaceID: workspaceID, directory: directory, hostIDOffset: offset)
                backup = try await store.latestVerifiedBackup(workspaceID: workspaceID) ?? latest
            }
            try await directory.adoptKeptContent()
            logger.debug(
                "workspace \(workspaceID) starts from the files kept since its stop, the same as backup \(backup.id)",
                ["workspace.id": workspaceID])
            return (backup, true)
        }
        // Kept files that cannot be used as they are (owned in another id range, or not the last backup's) are
        // backed up again before they go, like any complete content: the backup they match may have been lost or
        // damaged since, and they may be the only whole copy.
        if directory.hasCompleteContent {
            try await backUpContent(
                workspaceID: workspaceID, directory: directory,
                hostIDOffset: kept?.hostIDOffset ?? previous?.hostIDOffset)
        }
        try await directory.removeContent()
        return (try await store.latestVerifiedBackup(workspaceID: workspaceID), false)
    }

    /// preparing → building, when the image resolver starts a build.
    private func enterBuilding(instanceID: String) async {
        guard var instance = try? await store.instance(id: instanceID), instance.phase == .preparing else { return }
        try? await move(&instance, to: .building)
    }

    /// Restores `backup` into the (empty) content directory.
    /// - Throws: `.contentUnavailable` naming the backup when it is missing or cannot be restored; what was
    ///   restored is removed (the backup itself stays).
    private func restore(_ backup: Backup, into directory: WorkspaceDirectory, hostIDOffset: Int) async throws {
        let manifests = try await contentStore.backups(workspaceID: backup.workspaceID)
        guard let manifest = manifests.first(where: { $0.id == backup.id }) else {
            throw WorkspaceManagerError(
                code: .contentUnavailable,
                message: "the last backup of workspace \(backup.workspaceID) (\(backup.id), made "
                    + "\(backup.createdAt.formatted(.iso8601))) is missing from the content store; the workspace is "
                    + "not started, so that it does not come up without its files")
        }
        metrics.restoreBegan()
        let started = ContinuousClock.now
        do {
            let report = try await contentStore.restoreBackup(
                manifest, into: directory.content, idShift: IDShift(offset: Int64(hostIDOffset)),
                limits: configuration.restoreLimits)
            logger.info(
                "restored workspace \(backup.workspaceID): \(report.entries) entries in \(ContinuousClock.now - started)",
                ["workspace.id": backup.workspaceID, "backup.id": backup.id])
        } catch {
            metrics.restoreFailed()
            try? await directory.removeContent()
            throw WorkspaceManagerError(
                code: .contentUnavailable,
                message: "the last backup of workspace \(backup.workspaceID) (\(backup.id)) cannot be restored; the "
                    + "workspace is not started, so that it does not come up without its files",
                underlying: error)
        }
    }

    /// After a failed start: the container goes, complete content is kept safe (backed up, or left in place when
    /// that fails), content cut short is removed, and the instance is marked failed.
    private func cleanUpFailedStart(_ instance: inout WorkspaceInstance, progress: StartProgress, reason: String) async
    {
        let directory = self.directory(workspaceID: instance.workspaceID)
        var reason = reason
        if let containerID = progress.containerID {
            try? await runtime.stopContainer(id: containerID)
        }
        await closeChannel(workspaceID: instance.workspaceID)
        if directory.keptContent != nil && !progress.placedContent {
            // Kept files this start did not take into use: still the same as the last backup, kept for the next.
        } else if directory.hasCompleteContent && !progress.placedContent {
            // An earlier instance's files, whose backup failed just now: they stay for the next start to back up.
            reason += "; the files an earlier instance left are kept at \(directory.content)"
        } else if directory.hasCompleteContent {
            do {
                let backupID = try await backUpContent(
                    workspaceID: instance.workspaceID, directory: directory, hostIDOffset: instance.hostIDOffset)
                try await retireContent(directory, backupID: backupID, hostIDOffset: instance.hostIDOffset)
            } catch {
                reason += "; backing up its files failed too, so they are kept at \(directory.content): \(error)"
            }
        } else {
            try? await directory.removeContent()
        }
        if let containerID = progress.containerID {
            try? await runtime.removeContainer(id: containerID)
        }
        try? await directory.removeRun()
        await markFailed(&instance, reason: reason)
    }

    /// The container's environment, each later source winning over the earlier: the configuration's variables,
    /// the owner's for this repository, the context URL's, and Gitpod's own.
    private func environment(
        workspace: Workspace, instanceID: String, configuration: WorkspaceConfiguration,
        userVariables: [String: String], repositoryRoot: String
    ) -> [String: String] {
        var environment = configuration.env
        environment.merge(userVariables) { $1 }
        if let data = workspace.environmentVariables.data(using: .utf8),
            let variables = (try? JSONSerialization.jsonObject(with: data)) as? [String: String]
        {
            environment.merge(variables) { $1 }
        }
        environment.merge([
            "GITPOD_WORKSPACE_ID": workspace.id, "GITPOD_INSTANCE_ID": instanceID,
            "GITPOD_WORKSPACE_URL": Self.workspaceURL(
                publicURL: self.configuration.publicURL, workspaceID: workspace.id),
            "GITPOD_REPO_ROOT": repositoryRoot, "GITPOD_WORKSPACE_CONTEXT_URL": workspace.contextURL,
        ]) { $1 }
        return environment
    }

    /// `<scheme>://<id>.<host>[:port]` for a public URL `<scheme>://<host>[:port]`.
    static func workspaceURL(publicURL: String, workspaceID: String) -> String {
        guard var components = URLComponents(string: publicURL), let host = components.host, !host.isEmpty else {
            return publicURL
        }
        components.host = "\(workspaceID).\(host)"
        components.path = ""
        return components.string ?? publicURL
    }

    /// Where the repository goes under `/workspace`: the configuration's `checkoutLocation`, or the repository's
    /// name.
    static func checkoutLocation(configuration: WorkspaceConfiguration, cloneURL: String) -> String {
        if let location = configuration.checkoutLocation.flatMap(relativePath) { return location }
        var name = cloneURL.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? ""
        if name.hasSuffix(".git") { name.removeLast(4) }
        return relativePath(name) ?? "repository"
    }

    /// `path` as a path that stays under `/workspace`: no empty, `.` or `..` components; nil when nothing is left.
    static func relativePath(_ path: String) -> String? {
        let parts = path.split(separator: "/").filter { !$0.isEmpty && $0 != "." && $0 != ".." }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The text of an error for a failure reason.
    static func reason(_ error: any Error) -> String {
        "\(error)"
    }
}
