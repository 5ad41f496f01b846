import Content
import Foundation
import TestSupport
import Testing

@Suite struct IDShiftTests {
    @Test func mapsInsideTheRangeOnly() {
        let shift = IDShift(offset: 100_000, count: 65_536)
        #expect(shift.containerID(forHost: 100_000) == 0)
        #expect(shift.containerID(forHost: 101_000) == 1000)
        #expect(shift.containerID(forHost: 99_999) == nil)
        #expect(shift.containerID(forHost: 165_536) == nil)
        #expect(shift.hostID(forContainer: 1000) == 101_000)
        #expect(shift.hostID(forContainer: 65_536) == nil)
        #expect(shift.hostID(forContainer: -1) == nil)
    }

    /// Host ids are recorded as container ids; a restore into another mapping shifts them there. An owner outside
    /// the mapping is stored as the container's root and reported.
    @Test func backupRecordsContainerIDsAndRestoreShiftsThemBack() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-shift")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 1 << 20, ownerBase: 100_000, special: false)
        try FileTree.writeFile(Array((source + "/stray").utf8), Array("stray".utf8))
        try FileTree.owner(Array((source + "/stray").utf8), uid: 5, gid: 5)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter(idShift: IDShift(offset: 100_000)).write(directory: source, to: archive)
        #expect(report.notes.contains { $0.contains("stray") && $0.contains("outside") })

        let plain = scratch.path + "/plain"
        _ = try await BackupRestorer().restore(archive: archive, sha256: report.sha256, into: plain)
        let original = try FileTree.snapshot(source)
        let recorded = try FileTree.snapshot(plain)
        let fileKey = Array("file.txt".utf8)
        #expect(recorded[fileKey]?.uid == original[fileKey].map { $0.uid - 100_000 })
        #expect(recorded[fileKey]?.gid == original[fileKey].map { $0.gid - 100_000 })
        #expect(recorded[Array(".".utf8)]?.uid == original[Array(".".utf8)].map { $0.uid - 100_000 })
        #expect(recorded[Array("stray".utf8)]?.uid == 0)

        let shifted = scratch.path + "/shifted"
        let restore = try await BackupRestorer(idShift: IDShift(offset: 300_000)).restore(
            archive: archive, sha256: report.sha256, into: shifted)
        #expect(restore.notes.isEmpty)
        let moved = try FileTree.snapshot(shifted)
        for (path, metadata) in original where path != Array("stray".utf8) {
            #expect(moved[path]?.uid == metadata.uid + 200_000, "\(String(decoding: path, as: UTF8.self))")
            #expect(moved[path]?.gid == metadata.gid + 200_000)
        }
        #expect(moved[Array("stray".utf8)]?.uid == 300_000)
    }

    /// A recorded id beyond the new mapping becomes the container's root, with a note.
    @Test func restoreReportsIDsOutsideTheMapping() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-shift")
        let source = scratch.path + "/content"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: false)
        try FileTree.writeFile(Array((source + "/big-id").utf8), Array("x".utf8))
        try FileTree.owner(Array((source + "/big-id").utf8), uid: 70_000, gid: 70_000)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter().write(directory: source, to: archive)
        let target = scratch.path + "/restored"
        let restore = try await BackupRestorer(idShift: IDShift(offset: 200_000, count: 65_536)).restore(
            archive: archive, sha256: report.sha256, into: target)
        #expect(restore.notes.contains { $0.contains("big-id") && $0.contains("70000") })
        #expect(try FileTree.snapshot(target)[Array("big-id".utf8)]?.uid == 200_000)
    }
}
