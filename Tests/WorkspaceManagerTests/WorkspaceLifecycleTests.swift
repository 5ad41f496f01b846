import ContainerEngine
import Content
import Foundation
import Store
import TestSupport
import Testing
import WorkspaceConfig
import WorkspaceManager

/// Workspaces started, stopped, restarted, timed out and reconciled against the real Podman, the base image, SQLite
/// and the local content store.
///
/// One test at a time: each starts a Podman service of its own over the machine's one container storage, and several
/// at once contend for its locks (a listing has been seen to wait minutes) on a machine shared with other builds.
@Suite(.serialized) struct WorkspaceLifecycleTests {
    static let checkout = "project"

    @Test func aWorkspaceRunsStopsWithABackupAndComesBackWithItsFiles() async throws {
        try await ManagerFixture.with(prefix: "wsm-cycle") { fixture in
            var configuration = WorkspaceConfiguration()
            configuration.tasks = [WorkspaceTask(name: "init", initialization: "echo fresh > init-ran.txt")]
            configuration.env = ["CONFIG_VARIABLE": "from-config"]
            try await fixture.createWorkspace("w1", configuration: configuration)
            // The owner's variables: above the configuration's, below the context URL's (`USER_VARIABLE`).
            let manager = fixture.manager(userEnvironment: { workspace in
                #expect(workspace.id == "w1")
                return ["OWNER_VARIABLE": "from-owner", "USER_VARIABLE": "hidden", "CONFIG_VARIABLE": "hidden-too"]
            })
            let recorder = PhaseRecorder(manager.events())
            defer { recorder.cancel() }
            let directory = manager.directory(workspaceID: "w1")

            // A fresh start: the checkout, then the tasks' `init` (so `--fresh`), as gitpod.
            let first = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w1")
            }
            #expect(first.phase == .running)
            #expect(first.contentSource == .git)
            let offset = try #require(first.hostIDOffset)
            let container = try #require(first.containerID)
            #expect(try await fixture.store.instance(id: first.id) == first)
            for (path, bytes) in FileWritingInitializer.files {
                let file = "\(directory.content)/\(Self.checkout)/\(path)"
                #expect(FileManager.default.contents(atPath: file).map(Array.init) == bytes, "\(path)")
            }
            let owner = try FileManager.default.attributesOfItem(atPath: directory.content + "/project/README.md")
            #expect((owner[.ownerAccountID] as? NSNumber)?.intValue == offset + 33_333)
            let environment = try await fixture.execute(
                container,
                "echo $GITPOD_WORKSPACE_ID $GITPOD_INSTANCE_ID $GITPOD_REPO_ROOT $GITPOD_WORKSPACE_CONTEXT_URL "
                    + "$GITPOD_WORKSPACE_URL $CONFIG_VARIABLE $USER_VARIABLE $OWNER_VARIABLE")
            #expect(
                environment
                    == "w1 \(first.id) /workspace/project https://example.com/ada/project http://w1.localhost:8080 "
                    + "hidden-too from-user from-owner\n")
            _ = try await fixture.execute(
                container,
                "cd /workspace/project && printf 'inside\\n' > inside.txt && mkdir -p deep/er && "
                    + "ln -s ../README.md deep/link")
            try await withTimeout(.seconds(30)) {
                while !FileManager.default.fileExists(atPath: directory.content + "/project/init-ran.txt") {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            // Its own user-mode network: a tap device, no veth of a bridge, and the host's loopback out of reach.
            let interfaces = try await fixture.execute(container, "tail -n +3 /proc/net/dev | cut -d: -f1 | sort")
            #expect(
                interfaces.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } == ["lo", "tap0"])
            let hostLoopback = try await fixture.execute(
                container,
                "python3 -c 'import socket\ntry: socket.create_connection((\"10.0.2.2\", 22), 2); print(\"open\")\n"
                    + "except OSError: print(\"unreachable\")'")
            #expect(hostLoopback == "unreachable\n")
            let labelled = try await fixture.workspaceContainers()
            #expect(labelled.map(\.instanceID) == [first.id])
            #expect(labelled.map(\.workspaceID) == ["w1"])
            await #expect(throws: WorkspaceManagerError.self) { try await manager.start(workspaceID: "w1") }

            // The stop: a verified backup recorded, then the container gone and the files kept beside the backup,
            // in the same id range, for the next start.
            let stopped = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.stop(workspaceID: "w1")
            }
            #expect(stopped.phase == .stopped)
            #expect(stopped.stoppedAt != nil)
            let backups = try await fixture.store.backups(workspaceID: "w1")
            #expect(backups.map(\.state) == [.verified])
            #expect(try await fixture.contentStore.backups(workspaceID: "w1").map(\.id) == backups.map(\.id))
            let kept = try #require(directory.keptContent)
            #expect(kept.backupID == backups.first?.id)
            #expect(kept.hostIDOffset == offset)
            #expect(!FileManager.default.fileExists(atPath: directory.run))
            #expect(try await fixture.runtime.container(id: container) == nil)
            #expect(try await fixture.workspaceContainers().isEmpty)
            #expect(
                recorder.phases(of: "w1") == [
                    .preparing, .pending, .creating, .initializing, .running, .stopping, .stopped,
                ])

            // The restart takes the kept files into use as they are (no restore), in the range they are owned in.
            let second = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w1")
            }
            #expect(second.contentSource == .backup)
            #expect(second.hostIDOffset == offset)
            #expect(directory.keptContent == nil)
            #expect(fixture.metric("swiftpod_ws_manager_workspace_restores_total") == 0)
            try await expectFiles(of: second, in: directory, fixture)
            _ = try await withTimeout(ManagerFixture.operationTimeout) { try await manager.stop(workspaceID: "w1") }
            #expect(
                directory.keptContent?.backupID == (try await fixture.store.latestVerifiedBackup(workspaceID: "w1"))?.id
            )

            // Without the kept files, the restart restores the backup: the files byte for byte, owned by gitpod
            // inside, and `init` not run again.
            #expect(try await manager.removeKeptFiles(workspaceID: "w1"))
            #expect(!FileManager.default.fileExists(atPath: directory.root))
            #expect(try await manager.removeKeptFiles(workspaceID: "w1") == false)
            let third = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w1")
            }
            #expect(third.contentSource == .backup)
            #expect(third.id != second.id)
            try await expectFiles(of: third, in: directory, fixture)

            let stoppedAgain = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.stop(workspaceID: "w1")
            }
            #expect(stoppedAgain.phase == .stopped)
            #expect(try await fixture.store.backups(workspaceID: "w1").count == 3)
            #expect(try await fixture.workspaceContainers().isEmpty)
            #expect(directory.keptContent != nil)
            await #expect(throws: WorkspaceManagerError.self) { try await manager.stop(workspaceID: "w1") }

            // Counted as Gitpod's ws-manager counts: three starts, all timed, three stops and backups, one restore.
            let prefix = "swiftpod_ws_manager_workspace_"
            #expect(fixture.metric(prefix + "starts_total") == 3)
            #expect(fixture.metric(prefix + "starts_failure_total") == 0)
            #expect(fixture.metric(prefix + "startup_seconds_count") == 3)
            #expect(fixture.metric(prefix + "startup_seconds_bucket{le=\"1024\"}") == 3)
            #expect(fixture.metric(prefix + "stops_total{reason=\"regular\"}") == 3)
            #expect(fixture.metric(prefix + "stops_total{reason=\"failed\"}") == 0)
            #expect(fixture.metric(prefix + "backups_total") == 3)
            #expect(fixture.metric(prefix + "backups_failure_total") == 0)
            #expect(fixture.metric(prefix + "restores_total") == 1)
            #expect(fixture.metric(prefix + "restores_failure_total") == 0)

            // Deleting the workspace takes its backups and its kept files with it.
            try await manager.delete(workspaceID: "w1")
            #expect(!FileManager.default.fileExists(atPath: directory.root))
            try await manager.delete(workspaceID: "w1")
            #expect(try await fixture.store.backups(workspaceID: "w1").isEmpty)
            #expect(try await fixture.contentStore.backups(workspaceID: "w1").isEmpty)
            #expect(try await fixture.store.workspace(id: "w1").deletedAt != nil)
            await #expect(throws: WorkspaceManagerError.self) { try await manager.start(workspaceID: "w1") }
        }
    }

    /// The files of the first instance, as a later instance sees them: byte for byte, owned by gitpod inside, and
    /// `init` not run again.
    private func expectFiles(
        of instance: WorkspaceInstance, in directory: WorkspaceDirectory, _ fixture: ManagerFixture
    ) async throws {
        for (path, bytes) in FileWritingInitializer.files {
            let file = "\(directory.content)/\(Self.checkout)/\(path)"
            #expect(FileManager.default.contents(atPath: file).map(Array.init) == bytes, "\(path)")
        }
        let container = try #require(instance.containerID)
        let listing = try await fixture.execute(
            container,
            "cd /workspace/project && cat inside.txt init-ran.txt && readlink deep/link && "
                + "stat -c '%u %g %a %n' inside.txt README.md bin/run.sh deep/er")
        #expect(
            listing
                == "inside\nfresh\n../README.md\n33333 33333 644 inside.txt\n33333 33333 644 README.md\n"
                + "33333 33333 755 bin/run.sh\n33333 33333 755 deep/er\n")
        #expect(try await fixture.execute(container, "grep -c fresh /workspace/project/init-ran.txt") == "1\n")
    }

    /// The two ways a backup can fail a start: its archive is gone, or it no longer matches its checksum.
    enum BrokenBackup: String, CaseIterable {
        case deleted, corrupt
    }

    @Test(arguments: BrokenBackup.allCases)
    func aBrokenBackupFailsTheStartInsteadOfAnEmptyWorkspace(_ damage: BrokenBackup) async throws {
        try await ManagerFixture.with(prefix: "wsm-\(damage.rawValue)") { fixture in
            try await fixture.createWorkspace("w2")
            // A backup of a directory of the user's, recorded as the workspace's last verified one.
            let source = try TemporaryDirectory(prefix: "wsm-source")
            try Data("precious\n".utf8).write(to: URL(fileURLWithPath: source.path + "/notes.txt"))
            let (manifest, report) = try await fixture.contentStore.createBackup(
                of: source.path, workspaceID: "w2", idShift: nil)
            try await fixture.store.createBackup(
                Backup(
                    id: manifest.id, workspaceID: "w2", path: report.path, sha256: manifest.sha256,
                    size: manifest.size, createdAt: manifest.createdAt, state: .verified))
            switch damage {
            case .deleted:
                try FileManager.default.removeItem(atPath: report.path)
            case .corrupt:
                let handle = try #require(FileHandle(forUpdatingAtPath: report.path))
                try handle.seek(toOffset: 20)
                handle.write(Data([0xFF, 0x00, 0xFF]))
                try handle.close()
            }

            let manager = fixture.manager()
            let failure = await #expect(throws: WorkspaceManagerError.self) {
                try await withTimeout(ManagerFixture.operationTimeout) { try await manager.start(workspaceID: "w2") }
            }
            #expect(failure?.code == .contentUnavailable)
            #expect(failure?.message.contains(manifest.id) == true, "\(failure.map(String.init(describing:)) ?? "")")
            let expected = damage == .deleted ? "is missing" : "cannot be restored"
            #expect(failure?.message.contains(expected) == true)
            let instance = try #require(try await fixture.store.currentInstance(workspaceID: "w2"))
            #expect(instance.phase == .failed)
            #expect(instance.failureReason?.contains(manifest.id) == true)
            #expect(instance.contentSource == nil)
            #expect(try await fixture.workspaceContainers().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: manager.directory(workspaceID: "w2").content))
            // The record still names the backup: the next start fails the same way rather than starting empty.
            #expect(try await fixture.store.latestVerifiedBackup(workspaceID: "w2")?.id == manifest.id)
            await #expect(throws: WorkspaceManagerError.self) {
                try await withTimeout(ManagerFixture.operationTimeout) { try await manager.start(workspaceID: "w2") }
            }
            let prefix = "swiftpod_ws_manager_workspace_"
            #expect(fixture.metric(prefix + "starts_total") == 2)
            #expect(fixture.metric(prefix + "starts_failure_total") == 2)
            #expect(fixture.metric(prefix + "startup_seconds_count") == 0)
            #expect(fixture.metric(prefix + "stops_total{reason=\"start-failure\"}") == 2)
            // A missing archive fails before a restore begins; a corrupt one fails the restore.
            #expect(fixture.metric(prefix + "restores_failure_total") == (damage == .corrupt ? 2 : 0))
        }
    }

    @Test func aCheckoutThatHangsFailsTheStartAtTheInitializationTimeout() async throws {
        try await ManagerFixture.with(prefix: "wsm-hang") { fixture in
            try await fixture.createWorkspace("w7")
            let manager = fixture.manager(
                initializer: BlockingInitializer(), timeouts: WorkspaceTimeouts(initialization: .milliseconds(500)))
            let failure = await #expect(throws: WorkspaceManagerError.self) {
                try await withTimeout(ManagerFixture.operationTimeout) { try await manager.start(workspaceID: "w7") }
            }
            #expect(failure?.code == .contentUnavailable)
            #expect("\(failure.map(String.init(describing:)) ?? "")".contains("took longer than"))
            let instance = try #require(try await fixture.store.currentInstance(workspaceID: "w7"))
            #expect(instance.phase == .failed)
            #expect(instance.failureReason?.contains("checking out https://example.com/ada/project.git") == true)
            // A checkout that did not finish is not anyone's work: it is removed, not backed up.
            #expect(try await fixture.store.backups(workspaceID: "w7").isEmpty)
            #expect(try await fixture.workspaceContainers().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: manager.directory(workspaceID: "w7").root))
        }
    }

    @Test func aNewManagerReconcilesAStartAbandonedHalfWay() async throws {
        try await ManagerFixture.with(prefix: "wsm-abandon") { fixture in
            try await fixture.createWorkspace("w3")
            let abandoned = fixture.manager(initializer: BlockingInitializer())
            let recorder = PhaseRecorder(abandoned.events())
            defer { recorder.cancel() }
            let start = Task { try await abandoned.start(workspaceID: "w3") }
            try await recorder.waitFor(.initializing, of: "w3")
            start.cancel()
            await #expect(throws: CancellationError.self) { try await start.value }
            let left = try #require(try await fixture.store.currentInstance(workspaceID: "w3"))
            #expect(left.phase == .initializing)
            #expect(try await fixture.workspaceContainers().map(\.instanceID) == [left.id])

            // A container of ours that no instance accounts for.
            let stray = try await fixture.client.createContainer(
                ContainerSpec(
                    image: "swiftpod/workspace-base:latest", command: ["true"],
                    labels: [
                        PodmanWorkspaceRuntime.workspaceLabel: "gone", PodmanWorkspaceRuntime.instanceLabel: "x",
                        PodmanWorkspaceRuntime.installationLabel: fixture.runtime.installation,
                    ]), deadline: .now + fixture.runtime.engineTimeout)

            let manager = fixture.manager()
            let report = await manager.reconcile()
            #expect(
                Set(report.actions) == [
                    .retiredAbandonedStart(instanceID: left.id, workspaceID: "w3", phase: .initializing),
                    .removedOrphanContainer(containerID: stray, workspaceID: "gone"),
                ], "\(report)")
            let retired = try await fixture.store.instance(id: left.id)
            #expect(retired.phase == .failed)
            #expect(retired.failureReason?.contains("abandoned while initializing") == true)
            #expect(retired.phaseTimes[.stopping] != nil)
            #expect(try await fixture.workspaceContainers().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: manager.directory(workspaceID: "w3").root))
            // The checkout cut short is nobody's work (the repository still has it): removed, not backed up.
            #expect(try await fixture.store.backups(workspaceID: "w3").isEmpty)
            #expect(await manager.reconcile().actions.isEmpty)

            // The next start checks out afresh; a container that vanishes under a running workspace fails it, with
            // a backup of its files first.
            let restarted = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w3")
            }
            #expect(restarted.contentSource == .git)
            let content = manager.directory(workspaceID: "w3").content + "/project"
            #expect(!FileManager.default.fileExists(atPath: content + "/partial.txt"))
            #expect(FileManager.default.fileExists(atPath: content + "/README.md"))
            try await fixture.client.removeContainer(try #require(restarted.containerID), force: true)
            let afterVanishing = await manager.reconcile()
            #expect(
                afterVanishing.actions == [
                    .failedVanished(instanceID: restarted.id, workspaceID: "w3", phase: .running)
                ], "\(afterVanishing)")
            #expect(try await fixture.store.instance(id: restarted.id).failureReason == "its container vanished")
            #expect(try await fixture.store.backups(workspaceID: "w3").map(\.state) == [.verified])
            #expect(manager.directory(workspaceID: "w3").keptContent != nil)

            // A restart abandoned wherever it is (before, during or after its restore) never turns the files into
            // an empty or partial backup: the start after it has them all.
            let restartRecorder = PhaseRecorder(manager.events())
            defer { restartRecorder.cancel() }
            let interrupted = Task { try await manager.start(workspaceID: "w3") }
            try await restartRecorder.waitFor(.creating, of: "w3")
            interrupted.cancel()
            _ = await interrupted.result
            _ = await fixture.manager().reconcile()
            #expect(try await fixture.workspaceContainers().isEmpty)
            let recovered = try await withTimeout(ManagerFixture.operationTimeout) {
                try await fixture.manager().start(workspaceID: "w3")
            }
            #expect(recovered.contentSource == .backup)
            for (path, bytes) in FileWritingInitializer.files {
                #expect(FileManager.default.contents(atPath: "\(content)/\(path)").map(Array.init) == bytes, "\(path)")
            }
        }
    }

    @Test func anIdleWorkspaceIsStoppedWithABackup() async throws {
        try await ManagerFixture.with(prefix: "wsm-idle") { fixture in
            try await fixture.createWorkspace("w4")
            let manager = fixture.manager(timeouts: WorkspaceTimeouts(inactivity: .seconds(60)))
            let started = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w4")
            }
            _ = try await fixture.execute(try #require(started.containerID), "echo typed > /workspace/project/typed")
            // Within the timeout nothing happens.
            fixture.clock.advance(by: 30)
            #expect(await manager.reconcile().actions.isEmpty)
            #expect(try await fixture.store.instance(id: started.id).phase == .running)

            fixture.clock.advance(by: 120)
            let report = await manager.reconcile()
            let action = try #require(report.actions.first, "\(report)")
            guard case .stoppedExpired(let instanceID, "w4", .inactive) = action else {
                Issue.record("unexpected reconciler report: \(report)")
                return
            }
            #expect(instanceID == started.id)
            let stopped = try await fixture.store.instance(id: started.id)
            #expect(stopped.phase == .stopped)
            #expect(stopped.failureReason == nil)
            #expect(try await fixture.store.backups(workspaceID: "w4").map(\.state) == [.verified])
            #expect(try await fixture.workspaceContainers().isEmpty)
            #expect(fixture.logText.contains("timed out: no activity since"))
            #expect(fixture.metric("swiftpod_ws_manager_workspace_stops_total{reason=\"timeout\"}") == 1)

            // The files the stop kept go once they are older than the policy allows; the backup stays.
            #expect(manager.directory(workspaceID: "w4").keptContent != nil)
            fixture.clock.advance(by: 6 * 86_400)
            #expect(await manager.reconcile().actions.isEmpty)
            fixture.clock.advance(by: 2 * 86_400)
            let expired = await manager.reconcile()
            guard case .removedKeptFiles("w4", let reason) = expired.actions.first, expired.actions.count == 1 else {
                Issue.record("unexpected reconciler report: \(expired)")
                return
            }
            #expect(reason.contains("longer than the 604800 s allowed"), "\(reason)")
            #expect(!FileManager.default.fileExists(atPath: manager.directory(workspaceID: "w4").root))

            let restarted = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w4")
            }
            #expect(fixture.metric("swiftpod_ws_manager_workspace_restores_total") == 1)
            let typed = manager.directory(workspaceID: "w4").content + "/project/typed"
            #expect(FileManager.default.contents(atPath: typed) == Data("typed\n".utf8))
            _ = try await manager.stop(workspaceID: restarted.workspaceID)
        }
    }
    @Test func keptFilesGoWhenTheDiskIsShortAndAreRestoredWhenTheirRangeIsTaken() async throws {
        try await ManagerFixture.with(prefix: "wsm-kept") { fixture in
            for id in ["k1", "k2", "k3"] { try await fixture.createWorkspace(id) }
            // Two id ranges for three workspaces.
            let ranges = HostIDRanges(start: 200_000, count: 2 * 65_536)
            let manager = fixture.manager(idRanges: ranges)
            func start(_ id: String) async throws -> WorkspaceInstance {
                try await withTimeout(ManagerFixture.operationTimeout) { try await manager.start(workspaceID: id) }
            }
            func stop(_ id: String) async throws {
                _ = try await withTimeout(ManagerFixture.operationTimeout) { try await manager.stop(workspaceID: id) }
            }
            let first = try await start("k1")
            _ = try await fixture.execute(try #require(first.containerID), "echo mine > /workspace/project/mine")
            try await stop("k1")
            #expect(manager.directory(workspaceID: "k1").keptContent?.hostIDOffset == 200_000)
            // A new workspace takes a range no kept files are owned in while there is one, then any free one.
            #expect(try await start("k2").hostIDOffset == 265_536)
            #expect(try await start("k3").hostIDOffset == 200_000)
            try await stop("k2")
            // k1's range is k3's now: its kept files are backed up again (the backup they match was damaged
            // meanwhile) and go, and the new backup is restored in the range left.
            let damaged = try #require(try await fixture.store.latestVerifiedBackup(workspaceID: "k1"))
            let handle = try #require(FileHandle(forUpdatingAtPath: damaged.path))
            try handle.seek(toOffset: 20)
            handle.write(Data([0xFF, 0x00, 0xFF]))
            try handle.close()
            let again = try await start("k1")
            #expect(again.hostIDOffset == 265_536)
            #expect(again.contentSource == .backup)
            #expect(fixture.metric("swiftpod_ws_manager_workspace_restores_total") == 1)
            #expect(try await fixture.store.latestVerifiedBackup(workspaceID: "k1")?.id != damaged.id)
            let mine = try await fixture.execute(try #require(again.containerID), "stat -c %u /workspace/project/mine")
            #expect(mine == "33333\n")
            #expect(manager.directory(workspaceID: "k2").keptContent?.hostIDOffset == 265_536)

            // A disk short of space keeps nothing at a stop, and the reconciler removes what was kept.
            let short = fixture.manager(idRanges: ranges, keptFiles: KeptFilesPolicy(minimumFreeFraction: 1))
            _ = try await withTimeout(ManagerFixture.operationTimeout) { try await short.stop(workspaceID: "k3") }
            #expect(!FileManager.default.fileExists(atPath: short.directory(workspaceID: "k3").root))
            let report = await short.reconcile()
            guard case .removedKeptFiles("k2", let reason) = report.actions.first, report.actions.count == 1 else {
                Issue.record("unexpected reconciler report: \(report)")
                return
            }
            #expect(reason == "the disk has less than 100% free")
            _ = try await withTimeout(ManagerFixture.operationTimeout) { try await short.stop(workspaceID: "k1") }
            #expect(try await fixture.workspaceContainers().isEmpty)
        }
    }

    @Test func keptFilesAreBackedUpAgainWhenTheirBackupWentMissing() async throws {
        try await ManagerFixture.with(prefix: "wsm-lost") { fixture in
            try await fixture.createWorkspace("l1")
            let manager = fixture.manager()
            let first = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "l1")
            }
            _ = try await fixture.execute(try #require(first.containerID), "echo mine > /workspace/project/mine")
            _ = try await withTimeout(ManagerFixture.operationTimeout) { try await manager.stop(workspaceID: "l1") }
            let lost = try #require(try await fixture.contentStore.latestBackup(workspaceID: "l1"))
            try await fixture.contentStore.deleteBackup(lost)

            let second = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "l1")
            }
            #expect(second.contentSource == .backup)
            let made = try await fixture.contentStore.backups(workspaceID: "l1")
            #expect(made.count == 1 && made.first?.id != lost.id)
            #expect(try await fixture.store.latestVerifiedBackup(workspaceID: "l1")?.id == made.first?.id)
            #expect(fixture.logText.contains("backed up again before it starts"))
            let mine = try await fixture.execute(try #require(second.containerID), "cat /workspace/project/mine")
            #expect(mine == "mine\n")
            _ = try await withTimeout(ManagerFixture.operationTimeout) { try await manager.stop(workspaceID: "l1") }
        }
    }

    @Test func workspacesRunAtOnceInIDRangesOfTheirOwn() async throws {
        try await ManagerFixture.with(prefix: "wsm-many") { fixture in
            var stubborn = WorkspaceConfiguration()
            // A task that ignores SIGTERM: the supervisor gives it the whole grace period, so the stop takes that long.
            stubborn.tasks = [WorkspaceTask(command: "trap '' TERM HUP; while :; do sleep 0.2; done")]
            try await fixture.createWorkspace("w5", configuration: stubborn)
            try await fixture.createWorkspace("w6")
            let manager = fixture.manager()
            let recorder = PhaseRecorder(manager.events())
            defer { recorder.cancel() }
            let (five, six) = try await withTimeout(ManagerFixture.operationTimeout) {
                async let first = manager.start(workspaceID: "w5")
                async let second = manager.start(workspaceID: "w6")
                return try await (first, second)
            }
            #expect(five.phase == .running && six.phase == .running)
            let offsets = [five.hostIDOffset, six.hostIDOffset].compactMap { $0 }
            #expect(offsets.count == 2 && Set(offsets).count == 2, "\(offsets)")
            #expect(try await Set(fixture.workspaceContainers().compactMap(\.workspaceID)) == ["w5", "w6"])

            // A delete is refused while the stop writes its backup, and goes through after it.
            let stop = Task { try await manager.stop(workspaceID: "w5") }
            try await recorder.waitFor(.stopping, of: "w5")
            let refused = await #expect(throws: WorkspaceManagerError.self) {
                try await manager.delete(workspaceID: "w5")
            }
            #expect(refused?.code == .invalidState)
            #expect(refused?.message.contains("backup") == true, "\(refused.map(String.init(describing:)) ?? "")")
            #expect(try await withTimeout(ManagerFixture.operationTimeout) { try await stop.value }.phase == .stopped)
            try await manager.delete(workspaceID: "w5")
            #expect(try await fixture.store.workspace(id: "w5").deletedAt != nil)

            // The reconciler loop makes its first pass at once: w6's container vanished.
            try await fixture.client.removeContainer(try #require(six.containerID), force: true)
            let loop = Task { await manager.runReconciler(every: .seconds(3600)) }
            try await recorder.waitFor(.failed, of: "w6")
            loop.cancel()
            await loop.value
            #expect(try await fixture.store.instance(id: six.id).failureReason == "its container vanished")
            #expect(try await fixture.workspaceContainers().isEmpty)
        }
    }
}
