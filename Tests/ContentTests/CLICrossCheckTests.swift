import Content
import Foundation
import TestSupport
import Testing

/// Our archives against the real tools: the zstd and GNU tar CLIs read what we write, and we restore what they
/// write.
@Suite struct CLICrossCheckTests {
    /// `zstd -d` then `tar -t` lists every entry we stored; GNU tar extracts it with the same metadata.
    @Test func gnuTarReadsOurArchive() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-cli")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 8 << 20)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter().write(directory: source, to: archive)

        let tar = scratch.path + "/backup.tar"
        try await ArchiveFixtures.run("zstd", ["-d", "-q", "-f", archive, "-o", tar])
        let tarSize = try #require(try FileManager.default.attributesOfItem(atPath: tar)[.size] as? Int)
        #expect(tarSize < 1 << 20, "the 8 MiB sparse file's holes are stored: the tar has \(tarSize) bytes")
        let listing = try await ArchiveFixtures.run("tar", ["-tf", tar]).standardOutput
        let names = Set(listing.split(separator: "\n").map(String.init))
        let deepFile = String(decoding: SampleTree.deepFile, as: UTF8.self)
        for name in [
            "file.txt", "dir/", "dir/nested.txt", "empty/", "link", "outside-link", "hard-a", "dir/hard-b",
            "utf8-名前.txt", String(decoding: SampleTree.longName, as: UTF8.self), deepFile, "secret", "locked/inside",
            "sparse.img",
        ] {
            #expect(names.contains(name), "tar -t does not list \(name)")
        }
        #expect(names.contains("fifo") && !names.contains("socket"))
        #expect(names.count == report.entries)

        let extracted = scratch.path + "/extracted"
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: false)
        try await ArchiveFixtures.run(
            "tar", ["-x", "-p", "--same-owner", "--numeric-owner", "-f", tar, "-C", extracted])
        var expected = try FileTree.snapshot(source)
        for path in SampleTree.skipped { expected[path] = nil }
        let actual = try FileTree.snapshot(extracted)
        #expect(Set(actual.keys) == Set(expected.keys))
        for (path, metadata) in expected where path != Array(".".utf8) {
            #expect(actual[path] == metadata, "\(String(decoding: path, as: UTF8.self))")
        }
    }

    /// A pax archive made by GNU tar (sparse files, hard links, long and non-UTF-8 names) and compressed by the
    /// zstd CLI restores with every entry's metadata.
    @Test func weRestoreGNUTarArchive() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-cli")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 64 << 20, special: false)
        let tar = scratch.path + "/gnu.tar"
        try await ArchiveFixtures.run(
            "tar", ["--format=pax", "--sparse", "--numeric-owner", "-C", source, "-cf", tar, "."])
        let archive = scratch.path + "/gnu.tar.zst"
        try await ArchiveFixtures.compress(tar, to: archive)
        let sha256 = try FileTree.sha256(Array(archive.utf8))

        let target = scratch.path + "/restored"
        let report = try await BackupRestorer().restore(archive: archive, sha256: sha256, into: target)
        #expect(report.notes.isEmpty, "\(report.notes)")
        let expected = try FileTree.snapshot(source)
        let actual = try FileTree.snapshot(target)
        #expect(Set(actual.keys) == Set(expected.keys))
        for (path, metadata) in expected {
            #expect(actual[path] == metadata, "\(String(decoding: path, as: UTF8.self))")
        }
        let sparseBlocks = try FileTree.allocatedBlocks(target + "/sparse.img")
        #expect(sparseBlocks * 512 < 4 << 20, "the restored sparse file occupies \(sparseBlocks * 512) bytes")
    }
}
