import Content
import Foundation
import Subprocess
import TestSupport
import Testing

/// A backup process killed with SIGKILL in the middle of writing: the previous backup stays the latest and
/// restores intact, and what the killed process left is cleaned up by the next operation.
@Suite struct BackupKillTests {
    /// The fixture binary `swift build` put beside the test bundle.
    static let fixture = packageRoot + "/.build/debug/content-backup-fixture"

    @Test func aKilledBackupLeavesThePreviousOneUsable() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-kill")
        let content = scratch.path + "/content"
        let storeRoot = scratch.path + "/store"
        try FileManager.default.createDirectory(atPath: content, withIntermediateDirectories: true)
        try "the first version\n".write(toFile: content + "/notes.txt", atomically: false, encoding: .utf8)
        let store = LocalContentStore(root: storeRoot)
        let (first, _) = try await store.createBackup(of: content, workspaceID: "w1", idShift: nil)

        // Enough incompressible data that the backup takes a while: 256 MiB from the kernel's random source.
        try "the second version\n".write(toFile: content + "/notes.txt", atomically: false, encoding: .utf8)
        let random = try await runProcess(
            "/usr/bin/dd", ["if=/dev/urandom", "of=\(content)/big.bin", "bs=1M", "count=256", "status=none"])
        #expect(random.status == 0)

        let child = try ChildProcess(
            executable: Self.fixture, arguments: [content, storeRoot, "w1"], outputPath: scratch.path + "/child.log")
        // Kill it once its temporary archive has grown past a few megabytes: mid-write.
        let workspaceStore = storeRoot + "/workspaces/w1"
        try await withTimeout(.seconds(60)) {
            while true {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: workspaceStore)) ?? []
                let partial = names.filter { $0.hasSuffix(".swiftpod-partial") }.map { workspaceStore + "/" + $0 }
                let size =
                    partial.compactMap {
                        (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? NSNumber)?.intValue
                    }.max() ?? 0
                if size > 4 << 20 { break }
                try #require(child.isRunning, "the backup ended before it could be killed")
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        child.send(SIGKILL)
        #expect(await child.waitForExit(timeout: .seconds(30)))
        #expect(child.exitDescription == "killed by signal 9")

        let latest = try #require(try await store.latestBackup(workspaceID: "w1"))
        #expect(latest.id == first.id)
        let restored = scratch.path + "/restored"
        _ = try await store.restoreBackup(latest, into: restored, idShift: nil, limits: RestoreLimits())
        #expect(try String(contentsOfFile: restored + "/notes.txt", encoding: .utf8) == "the first version\n")
        #expect(!FileManager.default.fileExists(atPath: restored + "/big.bin"))
        // The next operation removes what the killed process left.
        _ = try await store.backups(workspaceID: "w1")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspaceStore).filter {
            $0.hasSuffix(".swiftpod-partial")
        }
        #expect(leftovers.isEmpty)
    }
}
