import Content
import Foundation
import TestSupport
import Testing

@Suite struct BackupRoundTripTests {
    /// Every kind of entry comes back with its mode, owner, time, link target, hard link identity and bytes; the
    /// sparse file keeps its holes; a FIFO comes back as a FIFO; the socket is skipped with a note.
    @Test func roundTripKeepsEveryKindOfEntry() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-roundtrip")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 300 << 20)
        try await ArchiveFixtures.setExtendedAttribute(source + "/file.txt", "user.note", "remember me")
        let archive = scratch.path + "/backup.tar.zst"

        let report = try await BackupWriter().write(directory: source, to: archive)
        #expect(report.path == archive)
        #expect(report.sha256.count == 64)
        #expect(report.bytesOut == Int64(try FileManager.default.attributesOfItem(atPath: archive)[.size] as! Int))
        #expect(report.bytesIn >= 300 << 20)
        #expect(report.bytesOut < 1 << 20, "holes are not stored: \(report.bytesOut) bytes")
        #expect(!report.notes.contains { $0.contains("FIFO") })
        #expect(report.notes.contains { $0.contains("socket") })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        #expect(Set(leftovers) == ["content", "backup.tar.zst"])

        let target = scratch.path + "/restored"
        let restored = try await BackupRestorer().restore(archive: archive, sha256: report.sha256, into: target)
        #expect(restored.entries == report.entries)

        var expected = try FileTree.snapshot(source)
        for path in SampleTree.skipped { expected[path] = nil }
        let actual = try FileTree.snapshot(target)
        #expect(Set(actual.keys) == Set(expected.keys))
        for (path, metadata) in expected {
            #expect(actual[path] == metadata, "\(String(decoding: path, as: UTF8.self))")
        }
        #expect(actual[SampleTree.nonUTF8Name] != nil)
        #expect(actual[SampleTree.deepFile]?.sha256 == expected[SampleTree.deepFile]?.sha256)
        #expect(actual[Array("dir/hard-b".utf8)]?.hardlinkGroup == Array("dir/hard-b".utf8))
        #expect(actual[Array("hard-a".utf8)]?.hardlinkGroup == Array("dir/hard-b".utf8))
        #expect(actual[Array("outside-link".utf8)]?.symlinkTarget == Array("/etc/passwd".utf8))

        #expect(try await ArchiveFixtures.extendedAttribute(target + "/file.txt", "user.note") == "remember me")
        let sparseBlocks = try FileTree.allocatedBlocks(target + "/sparse.img")
        #expect(sparseBlocks * 512 < 4 << 20, "the restored sparse file occupies \(sparseBlocks * 512) bytes")
        let restoredLeftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        #expect(Set(restoredLeftovers) == ["content", "backup.tar.zst", "restored"])
    }

    /// Each entry's pax header records its modification time to the nanosecond, and neither the access nor the
    /// change time (a restore sets neither): the headers are what a backup of many small files is mostly made of.
    @Test func headersKeepTheModificationTimeAlone() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-times")
        let source = scratch.path + "/content"
        try FileManager.default.createDirectory(atPath: source + "/dir", withIntermediateDirectories: true)
        try Data("text\n".utf8).write(to: URL(fileURLWithPath: source + "/dir/file.txt"))
        var times = [
            timespec(tv_sec: 1_700_000_000, tv_nsec: 123_456_789),
            timespec(tv_sec: 1_700_000_001, tv_nsec: 987_654_321),
        ]
        #expect(utimensat(AT_FDCWD, source + "/dir/file.txt", &times, 0) == 0)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter().write(directory: source, to: archive)

        let text = try await ArchiveFixtures.run("zstd", ["-d", "-c", "-q", "--", archive]).standardOutput
        #expect(text.contains("mtime=1700000001.987654321"))
        #expect(!text.contains("atime="))
        #expect(!text.contains("ctime="))
        let target = scratch.path + "/restored"
        _ = try await BackupRestorer().restore(archive: archive, sha256: report.sha256, into: target)
        var status = stat()
        #expect(stat(target + "/dir/file.txt", &status) == 0)
        #expect(status.st_mtim.tv_sec == 1_700_000_001 && status.st_mtim.tv_nsec == 987_654_321)
    }
}
