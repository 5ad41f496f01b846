import Basics
import Content
import Foundation
import Store
import Synchronization
import TestSupport
import Testing
import WorkspaceManager

/// The reconciler's part in workspaces' server channels and own timeouts, over a real store and a runtime faked at
/// its protocol: a running instance's channel is opened again (as after a restart of the server), a workspace's
/// own inactivity timeout decides when it stops, and a stop closes its channel.
@Suite struct ReconcilerChannelTests {
    @Test func theReconcilerReopensChannelsAndStopsByTheWorkspacesOwnTimeout() async throws {
        let directory = try TemporaryDirectory(prefix: "reconciler-channels")
        let store = try await SQLiteStore.open(path: directory.path + "/swiftpod.db")
        let clock = TestClock()
        let started = clock.now
        try await store.createUser(
            User(id: "u1", username: "ada", displayName: "Ada", email: "ada@example.com", createdAt: started))
        try await store.createWorkspace(
            Workspace(
                id: "w1", ownerID: "u1", contextURL: "https://example.com/ada/project",
                cloneURL: "https://example.com/ada/project.git", commit: "abc", createdAt: started))
        try await store.createInstance(
            WorkspaceInstance(
                id: "i1", workspaceID: "w1", phase: .running, containerID: "c1", createdAt: started,
                hostIDOffset: 265_536))
        let runtime = FakeRuntime(containers: [
            WorkspaceContainer(id: "c1", workspaceID: "w1", instanceID: "i1", running: true)
        ])
        let host = RecordingChannelHost()
        let manager = WorkspaceManager(
            store: store, contentStore: LocalContentStore(root: directory.path + "/content"), runtime: runtime,
            imageResolver: BaseImageResolver(), contentInitializer: FileWritingInitializer(),
            configuration: WorkspaceManagerConfiguration(
                dataDirectory: directory.path, timeouts: WorkspaceTimeouts(inactivity: .seconds(1800))),
            logger: .disabled, now: { [clock] in clock.now })
        await manager.attach(channelHost: host)

        // A running workspace the server did not start (a restart): its channel opens.
        await manager.reconcile()
        #expect(await host.openChannels() == ["w1"])
        #expect(host.directories == [manager.directory(workspaceID: "w1").run])

        // An hour idle is past the default 30 minutes, but not past the workspace's own two hours.
        try await store.setInactivityTimeout(workspaceID: "w1", to: .seconds(7200))
        clock.advance(by: 3600)
        #expect(await manager.reconcile().actions.isEmpty)
        #expect(try await store.currentInstance(workspaceID: "w1")?.phase == .running)

        // Past two hours it stops, and its channel closes.
        clock.advance(by: 3601)
        let report = await manager.reconcile()
        #expect(report.actions.count == 1, "\(report)")
        #expect(try await store.currentInstance(workspaceID: "w1")?.phase == .stopped)
        #expect(await host.openChannels().isEmpty)
        #expect(runtime.stopped == ["c1"])
        await store.close()
    }

    @Test func channelsOfWorkspacesThatNoLongerRunAreClosed() async throws {
        let directory = try TemporaryDirectory(prefix: "reconciler-stale-channels")
        let store = try await SQLiteStore.open(path: directory.path + "/swiftpod.db")
        let host = RecordingChannelHost()
        let manager = WorkspaceManager(
            store: store, contentStore: LocalContentStore(root: directory.path + "/content"),
            runtime: FakeRuntime(containers: []), imageResolver: BaseImageResolver(),
            contentInitializer: FileWritingInitializer(),
            configuration: WorkspaceManagerConfiguration(dataDirectory: directory.path), logger: .disabled)
        await manager.attach(channelHost: host)
        try await host.openChannel(workspaceID: "gone", directory: manager.directory(workspaceID: "gone"))
        await manager.reconcile()
        #expect(await host.openChannels().isEmpty)
        await store.close()
    }
}

/// Records which channels are open.
final class RecordingChannelHost: WorkspaceChannelHost {
    private let state = Mutex<(open: Set<String>, directories: [String])>(([], []))

    var directories: [String] { state.withLock { $0.directories } }

    func openChannel(workspaceID: String, directory: WorkspaceDirectory) async throws {
        state.withLock { state in
            if state.open.insert(workspaceID).inserted { state.directories.append(directory.run) }
        }
    }

    func closeChannel(workspaceID: String) async {
        _ = state.withLock { $0.open.remove(workspaceID) }
    }

    func openChannels() async -> Set<String> {
        state.withLock { $0.open }
    }
}

/// Containers in memory; every call succeeds. The supervisor reports no activity.
final class FakeRuntime: WorkspaceRuntime {
    private let state: Mutex<(containers: [WorkspaceContainer], stopped: [String])>

    init(containers: [WorkspaceContainer]) {
        state = Mutex((containers, []))
    }

    var stopped: [String] { state.withLock { $0.stopped } }

    func createContainer(_ request: WorkspaceContainerRequest) async throws -> String {
        throw WorkspaceManagerError(code: .runtimeFailure, message: "this runtime creates no containers")
    }
    func startContainer(id: String) async throws {}
    func stopContainer(id: String) async throws {
        state.withLock { state in
            state.stopped.append(id)
            state.containers = state.containers.map {
                $0.id == id
                    ? WorkspaceContainer(id: id, workspaceID: $0.workspaceID, instanceID: $0.instanceID, running: false)
                    : $0
            }
        }
    }
    func removeContainer(id: String) async throws {
        state.withLock { $0.containers.removeAll { $0.id == id } }
    }
    func container(id: String) async throws -> WorkspaceContainer? {
        state.withLock { $0.containers.first { $0.id == id } }
    }
    func containers() async throws -> [WorkspaceContainer] {
        state.withLock { $0.containers }
    }
    func waitUntilReady(containerID id: String, directory: WorkspaceDirectory, timeout: Duration) async throws {}
    func lastActivity(directory: WorkspaceDirectory) async throws -> Date {
        throw WorkspaceManagerError(code: .runtimeFailure, message: "no supervisor in this runtime")
    }
}
