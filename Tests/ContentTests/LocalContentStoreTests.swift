import Content
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite struct LocalContentStoreTests {
    /// A clock that moves one second per reading, so backup times are distinct and known.
    final class SteppingClock: Sendable {
        private let seconds = Mutex(1_800_000_000.0)
        func now() -> Date {
            seconds.withLock {
                $0 += 1; return Date(timeIntervalSince1970: $0)
            }
        }
    }

    static func makeContent(_ path: String, text: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileTree.writeFile(Array((path + "/notes.txt").utf8), Array(text.utf8))
    }

    /// A backup is listed with its manifest, restores, reads back as the same bytes, and deletes.
    @Test func backupListRestoreOpenDelete() async throws {
        let scratch = try TemporaryDirectory(prefix: "content-store")
        let clock = SteppingClock()
        let store = LocalContentStore(root: scratch.path + "/content", now: { clock.now() })
        let source = scratch.path + "/ws"
        try Self.makeContent(source, text: "version 1")

        let (manifest, report) = try await store.createBackup(of: source, workspaceID: "ws-1", idShift: nil)
        #expect(manifest.workspaceID == "ws-1")
        #expect(manifest.sha256 == report.sha256)
        #expect(manifest.entries == 2)
        #expect(manifest.contentBytes == 9)
        let directory = scratch.path + "/content/workspaces/ws-1"
        let archive = "\(directory)/\(manifest.id).tar.zst"
        #expect(manifest.size == Int64(try FileManager.default.attributesOfItem(atPath: archive)[.size] as! Int))
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: directory))
                == ["\(manifest.id).tar.zst", "\(manifest.id).json"])

        let json = try #require(FileManager.default.contents(atPath: "\(directory)/\(manifest.id).json"))
        let fields = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(fields["id"] as? String == manifest.id)
        #expect(fields["sha256"] as? String == manifest.sha256)
        #expect(fields["entries"] as? Int == 2)
        #expect(fields["createdAt"] as? String == "2027-01-15T08:00:01.000Z")

        #expect(try await store.backups(workspaceID: "ws-1") == [manifest])
        #expect(try await store.latestBackup(workspaceID: "ws-1") == manifest)
        #expect(try await store.latestBackup(workspaceID: "ws-2") == nil)

        let target = scratch.path + "/restored"
        _ = try await store.restoreBackup(manifest, into: target, idShift: nil, limits: RestoreLimits())
        #expect(try String(contentsOfFile: target + "/notes.txt", encoding: .utf8) == "version 1")

        let stream = try await store.openBackup(manifest)
        var bytes: [UInt8] = []
        while true {
            let chunk = try await stream.read(maxLength: 1000)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        await stream.close()
        #expect(bytes.count == Int(manifest.size))
        #expect(try FileTree.sha256(Array(archive.utf8)) == manifest.sha256)

        try await store.deleteBackup(manifest)
        #expect(try await store.backups(workspaceID: "ws-1").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// The store keeps the newest three backups of a workspace; the newest is the latest written.
    @Test func keepsTheLastThree() async throws {
        let scratch = try TemporaryDirectory(prefix: "content-store")
        let store = LocalContentStore(root: scratch.path + "/content")  // the real clock: ids must still order
        let source = scratch.path + "/ws"
        var made: [BackupManifest] = []
        for version in 1...5 {
            try Self.makeContent(source, text: "version \(version)")
            made.append(try await store.createBackup(of: source, workspaceID: "ws-1", idShift: nil).0)
        }
        let kept = try await store.backups(workspaceID: "ws-1")
        #expect(kept == Array(made.suffix(3).reversed()))
        #expect(try await store.latestBackup(workspaceID: "ws-1") == made.last)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/content/workspaces/ws-1")
        #expect(files.count == 6)

        let target = scratch.path + "/restored"
        _ = try await store.restoreBackup(try #require(made.last), into: target, idShift: nil, limits: RestoreLimits())
        #expect(try String(contentsOfFile: target + "/notes.txt", encoding: .utf8) == "version 5")
    }

    /// A crash mid-backup leaves a temporary file, or an archive without its manifest: neither counts, the previous
    /// backup stays the latest, and the next operation removes them.
    @Test func crashLeftoversDoNotCountAndAreCleanedUp() async throws {
        let scratch = try TemporaryDirectory(prefix: "content-store")
        let clock = SteppingClock()
        let store = LocalContentStore(root: scratch.path + "/content", now: { clock.now() })
        let source = scratch.path + "/ws"
        try Self.makeContent(source, text: "version 1")
        let (good, _) = try await store.createBackup(of: source, workspaceID: "ws-1", idShift: nil)
        let directory = scratch.path + "/content/workspaces/ws-1"

        // A later backup interrupted at every stage: a partial archive, an archive whose manifest was never
        // written, and a partial manifest.
        let later = "999999999999999-deadbeef"
        let goodArchive = "\(directory)/\(good.id).tar.zst"
        try FileManager.default.copyItem(
            atPath: goodArchive, toPath: "\(directory)/\(later).tar.zst.0badc0de.swiftpod-partial")
        try FileManager.default.copyItem(atPath: goodArchive, toPath: "\(directory)/\(later).tar.zst")
        try FileTree.writeFile(
            Array("\(directory)/\(later).json.1badc0de.swiftpod-partial".utf8), Array("{\"id\":".utf8))
        // A manifest whose archive was deleted.
        let orphanManifest = "000000000000001-cafef00d"
        try FileManager.default.copyItem(
            atPath: "\(directory)/\(good.id).json", toPath: "\(directory)/\(orphanManifest).json")

        #expect(try await store.latestBackup(workspaceID: "ws-1") == good)
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: directory))
                == ["\(good.id).tar.zst", "\(good.id).json"])

        try Self.makeContent(source, text: "version 2")
        let (next, _) = try await store.createBackup(of: source, workspaceID: "ws-1", idShift: nil)
        #expect(try await store.backups(workspaceID: "ws-1") == [next, good])
    }

    /// A backup that fails (its directory is gone) leaves the previous one the latest and no files behind.
    @Test func failedBackupLeavesThePreviousOne() async throws {
        let scratch = try TemporaryDirectory(prefix: "content-store")
        let store = LocalContentStore(root: scratch.path + "/content")
        let source = scratch.path + "/ws"
        try Self.makeContent(source, text: "version 1")
        let (good, _) = try await store.createBackup(of: source, workspaceID: "ws-1", idShift: nil)
        await #expect(throws: ContentError.self) {
            try await store.createBackup(of: scratch.path + "/missing", workspaceID: "ws-1", idShift: nil)
        }
        #expect(try await store.backups(workspaceID: "ws-1") == [good])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/content/workspaces/ws-1").count == 2)
    }

    /// Ids become file names, so anything that could leave the store's directory is refused.
    @Test(arguments: ["", "../escape", "a/b", ".hidden", String(repeating: "x", count: 129)])
    func invalidWorkspaceIDsAreRefused(_ workspaceID: String) async throws {
        let scratch = try TemporaryDirectory(prefix: "content-store")
        let store = LocalContentStore(root: scratch.path + "/content")
        let error = await #expect(throws: ContentError.self) {
            try await store.backups(workspaceID: workspaceID)
        }
        #expect(error?.code == .invalidID)
    }
}
