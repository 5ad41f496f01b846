import Foundation
import Store

extension WorkspaceManager {
    /// Runs the reconciler now, then every `interval` on `clock`, until the task is cancelled.
    public func runReconciler<C: Clock<Duration>>(every interval: Duration = .seconds(60), clock: C) async {
        while !Task.isCancelled {
            _ = await reconcile()
            do {
                try await Task.sleep(for: interval, clock: clock)
            } catch {
                return
            }
        }
    }

    /// Runs the reconciler now, then every `interval`, until the task is cancelled.
    public func runReconciler(every interval: Duration = .seconds(60)) async {
        await runReconciler(every: interval, clock: ContinuousClock())
    }

    /// Makes the store and the engine agree, once:
    /// - an active instance whose container is gone ends `failed` (its content, if still there, backed up first);
    /// - a start that no operation of this manager drives (left by a crash or a cancelled start) ends `failed`,
    ///   its content backed up first;
    /// - a running instance past its inactivity timeout (its workspace's own, when set) or maximum lifetime is
    ///   stopped with a backup; one that runs on gets its server channel opened, if it is not;
    /// - a stop that no operation drives is finished;
    /// - a container labelled as a workspace's, with no active instance, is removed, and a server channel of a
    ///   workspace with no active instance is closed;
    /// - kept files of stopped workspaces older than the policy allows are removed, and the oldest others while the
    ///   disk is short of space.
    /// Workspaces with an operation in progress are left alone.
    /// - Returns: what was done, also logged.
    @discardableResult
    public func reconcile() async -> ReconcileReport {
        var report = ReconcileReport()
        let instances: [WorkspaceInstance]
        let containers: [WorkspaceContainer]
        do {
            instances = try await store.instances(inPhases: InstanceLifecycle.activePhases)
            containers = try await runtime.containers()
        } catch {
            report.actions.append(.failedToReconcile(what: "the instances and containers", reason: "\(error)"))
            logger.warning("reconciler: \(report)")
            return report
        }
        for instance in instances where busy[instance.workspaceID] == nil {
            do {
                if let action = try await reconcile(instance, containers: containers) {
                    report.actions.append(action)
                }
            } catch {
                report.actions.append(.failedToReconcile(what: "instance \(instance.id)", reason: "\(error)"))
            }
        }
        // Read both again: handling the instances above has removed containers and ended instances.
        let live: [WorkspaceInstance]
        let remaining: [WorkspaceContainer]
        do {
            live = try await store.instances(inPhases: InstanceLifecycle.activePhases)
            remaining = try await runtime.containers()
        } catch {
            report.actions.append(.failedToReconcile(what: "the containers", reason: "\(error)"))
            return report
        }
        await closeStaleChannels(liveWorkspaceIDs: Set(live.map(\.workspaceID)))
        let liveIDs = Set(live.map(\.id))
        for container in remaining where !liveIDs.contains(container.instanceID ?? "") {
            if let workspaceID = container.workspaceID, busy[workspaceID] != nil { continue }
            do {
                try await runtime.removeContainer(id: container.id)
                report.actions.append(
                    .removedOrphanContainer(containerID: container.id, workspaceID: container.workspaceID))
            } catch {
                report.actions.append(.failedToReconcile(what: "container \(container.id)", reason: "\(error)"))
            }
        }
        await removeExpiredKeptFiles(into: &report)
        if report.actions.isEmpty {
            logger.debug("reconciler: nothing to do")
        } else {
            for action in report.actions { logger.info("reconciler: \(action)") }
        }
        return report
    }

    private func reconcile(
        _ instance: WorkspaceInstance, containers: [WorkspaceContainer]
    ) async throws -> ReconcileReport.Action? {
        let workspaceID = instance.workspaceID
        try claim(workspaceID, for: .stopping)
        defer { release(workspaceID) }
        let container = containers.first { $0.instanceID == instance.id || $0.id == instance.containerID }
        switch instance.phase {
        case .preparing, .building, .pending, .creating, .initializing:
            let reason =
                "its start was abandoned while \(instance.phase.rawValue) (the manager stopped before it finished)"
            _ = try await shutDown(instance, ending: .failed, reason: reason, stopReason: .startFailure)
            return .retiredAbandonedStart(instanceID: instance.id, workspaceID: workspaceID, phase: instance.phase)
        case .running:
            guard let container, container.running else {
                let reason = container == nil ? "its container vanished" : "its container stopped on its own"
                _ = try await shutDown(instance, ending: .failed, reason: reason, stopReason: .failed)
                return .failedVanished(instanceID: instance.id, workspaceID: workspaceID, phase: instance.phase)
            }
            let activity = try? await runtime.lastActivity(directory: directory(workspaceID: workspaceID))
            let ownTimeout = try? await store.workspace(id: workspaceID).inactivityTimeout
            let timeouts = configuration.timeouts.with(inactivity: ownTimeout)
            guard let expiry = timeouts.expiry(of: instance, lastActivity: activity, now: now()) else {
                // After a restart of the server, the channel of a running workspace opens again here.
                await openChannel(workspaceID: workspaceID, directory: directory(workspaceID: workspaceID))
                return nil
            }
            logger.info("workspace \(workspaceID) timed out: \(expiry); stopping it", ["workspace.id": workspaceID])
            _ = try await shutDown(instance, ending: .stopped, reason: nil, stopReason: .timeout)
            return .stoppedExpired(instanceID: instance.id, workspaceID: workspaceID, expiry: expiry)
        case .stopping:
            _ = try await shutDown(instance, ending: .stopped, reason: nil, stopReason: .regular)
            return .finishedAbandonedStop(instanceID: instance.id, workspaceID: workspaceID)
        case .stopped, .failed:
            return nil
        }
    }
}
