import Content
import Foundation
import TestSupport
import Testing

/// An archive built to escape the restore root or exhaust the disk, and how a restore must answer it.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var kind: String
    /// The fixture's argument; "{outside}" stands for a directory outside the restore root.
    var argument: String?
    var code: ContentError.Code
    /// Words the error message must contain.
    var message: String
    /// Paths (with "{outside}") that must not exist afterwards.
    var mustNotExist: [String] = []

    var testDescription: String { kind }
}

@Suite struct HostileArchiveTests {
    static let limits = RestoreLimits(maxBytes: 8 << 20, maxEntries: 100)

    static let cases: [HostileCase] = [
        HostileCase(kind: "dotdot", code: .unsafeEntry, message: "'..'"),
        HostileCase(
            kind: "absolute", argument: "/etc/evil", code: .unsafeEntry, message: "absolute",
            mustNotExist: ["/etc/evil"]),
        HostileCase(
            kind: "absolute", argument: "{outside}/evil", code: .unsafeEntry, message: "absolute",
            mustNotExist: ["{outside}/evil"]),
        HostileCase(
            kind: "symlink-through", argument: "{outside}", code: .unsafeEntry, message: "symbolic link link",
            mustNotExist: ["{outside}/evil"]),
        HostileCase(kind: "symlink-dotdot", code: .unsafeEntry, message: "symbolic link up"),
        HostileCase(
            kind: "hardlink-symlink", argument: "{outside}", code: .unsafeEntry, message: "symbolic link h",
            mustNotExist: ["{outside}/evil"]),
        HostileCase(kind: "hardlink-outside", argument: "/etc/passwd", code: .unsafeEntry, message: "absolute"),
        HostileCase(kind: "hardlink-dotdot", code: .unsafeEntry, message: "'..'"),
        HostileCase(kind: "hardlink-missing", code: .unsafeEntry, message: "not a file earlier in the archive"),
        HostileCase(kind: "many", argument: "150", code: .tooManyEntries, message: "more than 100 entries"),
        HostileCase(kind: "bomb", argument: "64", code: .tooLarge, message: "more than 8388608 bytes"),
        HostileCase(kind: "many-megabytes", argument: "12", code: .tooLarge, message: "more than 8388608 bytes"),
    ]

    /// Each hostile archive is refused with a clear error, and nothing is left in or beside the target.
    @Test(arguments: cases)
    func refused(_ hostile: HostileCase) async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-hostile")
        let outside = scratch.path + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: false)
        let workspaces = scratch.path + "/workspaces"
        try FileManager.default.createDirectory(atPath: workspaces, withIntermediateDirectories: false)
        let archive = scratch.path + "/hostile.tar.zst"
        let argument = hostile.argument?.replacingOccurrences(of: "{outside}", with: outside)
        let sha256 = try await ArchiveFixtures.hostile(hostile.kind, argument: argument, at: archive)
        let target = workspaces + "/content"

        let restorer = BackupRestorer(limits: Self.limits)
        let error = await #expect(throws: ContentError.self) {
            try await restorer.restore(archive: archive, sha256: sha256, into: target)
        }
        #expect(error?.code == hostile.code)
        #expect(error?.message.contains(hostile.message) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(archive) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspaces).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        for path in hostile.mustNotExist {
            #expect(!FileTree.exists(path.replacingOccurrences(of: "{outside}", with: outside)))
        }
    }

    /// Verification applies the same checks without extracting anything.
    @Test func verifyRefusesToo() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-hostile")
        let archive = scratch.path + "/hostile.tar.zst"
        let sha256 = try await ArchiveFixtures.hostile("dotdot", argument: nil, at: archive)
        let error = await #expect(throws: ContentError.self) {
            try await BackupRestorer().verify(archive: archive, sha256: sha256)
        }
        #expect(error?.code == .unsafeEntry)
    }

    /// A device node in an archive is not created (it would open the host's devices); the rest is restored.
    @Test func devicesAreSkipped() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-hostile")
        let archive = scratch.path + "/device.tar.zst"
        let sha256 = try await ArchiveFixtures.hostile("device", argument: nil, at: archive)
        let target = scratch.path + "/content"
        let report = try await BackupRestorer().restore(archive: archive, sha256: sha256, into: target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["ok"])
        #expect(report.notes.contains { $0.contains("null") && $0.contains("character device") })
    }

    /// Only `user.` extended attributes are restored: `trusted.` and `security.` ones (file capabilities, labels)
    /// from an archive never reach the host.
    @Test func onlyUserExtendedAttributesAreRestored() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-hostile")
        let archive = scratch.path + "/xattrs.tar.zst"
        let sha256 = try await ArchiveFixtures.hostile("xattrs", argument: nil, at: archive)
        let target = scratch.path + "/content"
        _ = try await BackupRestorer().restore(archive: archive, sha256: sha256, into: target)
        #expect(try await ArchiveFixtures.extendedAttribute(target + "/tagged", "user.note") == "kept")
        #expect(try await ArchiveFixtures.extendedAttribute(target + "/tagged", "trusted.evil") == nil)
    }

    /// A sparse entry's header cannot be trusted for its size: a region of zeros (a zstd bomb in a sparse entry)
    /// is stopped while it is being decompressed, once it passes the limit.
    @Test func sparseBombIsStoppedMidStream() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-hostile")
        let source = scratch.path + "/source"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: false)
        // A hole, then 16 MiB of written zeros: GNU tar records a sparse map whose data region is all zeros.
        let file = open(source + "/zeros", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(file >= 0)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for index in 1...16 {
            let written = zeros.withUnsafeBytes { pwrite(file, $0.baseAddress, $0.count, off_t(index << 20)) }
            #expect(written == zeros.count)
        }
        close(file)
        let tar = scratch.path + "/bomb.tar"
        try await ArchiveFixtures.run("tar", ["--format=pax", "--sparse", "-C", source, "-cf", tar, "."])
        let archive = scratch.path + "/bomb.tar.zst"
        try await ArchiveFixtures.compress(tar, to: archive)
        let sha256 = try FileTree.sha256(Array(archive.utf8))
        let workspaces = scratch.path + "/workspaces"
        try FileManager.default.createDirectory(atPath: workspaces, withIntermediateDirectories: false)

        let error = await #expect(throws: ContentError.self) {
            try await BackupRestorer(limits: Self.limits).restore(
                archive: archive, sha256: sha256, into: workspaces + "/content")
        }
        #expect(error?.code == .tooLarge)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspaces).isEmpty)
    }

    /// A file that is not an archive, or an archive cut short, is refused with an error naming it, even when its
    /// checksum matches (a backup recorded after it was damaged), and nothing is left behind.
    @Test(arguments: ["garbage", "truncated"])
    func unreadableArchiveIsRefused(_ damage: String) async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-damaged")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 1 << 20, special: false)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter().write(directory: source, to: archive)
        let bytes = try #require(FileManager.default.contents(atPath: archive))
        let damaged = damage == "garbage" ? Data(repeating: 0x5A, count: 4096) : bytes.prefix(bytes.count / 2)
        try damaged.write(to: URL(fileURLWithPath: archive))
        let sha256 = try FileTree.sha256(Array(archive.utf8))
        #expect(sha256 != report.sha256)

        let workspaces = scratch.path + "/workspaces"
        try FileManager.default.createDirectory(atPath: workspaces, withIntermediateDirectories: false)
        let error = await #expect(throws: ContentError.self) {
            try await BackupRestorer().restore(archive: archive, sha256: sha256, into: workspaces + "/content")
        }
        #expect(error?.code == .archive)
        #expect(error?.message.contains(archive) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspaces).isEmpty)
    }

    /// A backup file that is gone is an error naming it.
    @Test func missingArchiveIsAnError() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-missing")
        let error = await #expect(throws: ContentError.self) {
            try await BackupRestorer().restore(
                archive: scratch.path + "/gone.tar.zst", sha256: String(repeating: "0", count: 64),
                into: scratch.path + "/content")
        }
        #expect(error?.code == .io)
        #expect(error?.message.contains("gone.tar.zst") == true)
        #expect(!FileTree.exists(scratch.path + "/content"))
    }

    /// A flipped byte is caught by the checksum before anything is put in place, and the error names the file; the
    /// byte sits where zstd may decode it without complaint, so only the checksum stands between it and the target.
    @Test func corruptedBackupIsRefusedByChecksum() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-corrupt")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 1 << 20, special: false)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter().write(directory: source, to: archive)

        let fileDescriptor = open(archive, O_RDWR)
        try #require(fileDescriptor >= 0)
        var byte: UInt8 = 0
        let middle = off_t(report.bytesOut / 2)
        #expect(pread(fileDescriptor, &byte, 1, middle) == 1)
        byte ^= 0x01
        #expect(pwrite(fileDescriptor, &byte, 1, middle) == 1)
        close(fileDescriptor)

        let target = scratch.path + "/restored"
        let error = await #expect(throws: ContentError.self) {
            try await BackupRestorer().restore(archive: archive, sha256: report.sha256, into: target)
        }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.message.contains(archive) == true)
        #expect(!FileTree.exists(target))
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: scratch.path)) == ["content", "backup.tar.zst"])
    }

    /// A restore never replaces a directory that has files in it.
    @Test func nonEmptyTargetIsRefused() async throws {
        let scratch = try TemporaryDirectory(prefix: "backup-target")
        let source = scratch.path + "/content"
        try SampleTree.make(at: source, sparseSize: 1 << 20, special: false)
        let archive = scratch.path + "/backup.tar.zst"
        let report = try await BackupWriter().write(directory: source, to: archive)
        let target = scratch.path + "/existing"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try FileTree.writeFile(Array((target + "/keep.txt").utf8), Array("mine".utf8))
        let error = await #expect(throws: ContentError.self) {
            try await BackupRestorer().restore(archive: archive, sha256: report.sha256, into: target)
        }
        #expect(error?.code == .targetNotEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["keep.txt"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        #expect(!leftovers.contains { $0.hasSuffix(".swiftpod-partial") })
    }
}
