import Foundation

/// A content store on local disk: `<root>/workspaces/<workspaceID>/<backupID>.tar.zst`, each with its manifest
/// `<backupID>.json` beside it.
///
/// Every operation first removes what an interrupted one left behind: temporary files (they end in
/// `.swiftpod-partial`), archives without a manifest, and manifests without an archive. File work runs on threads
/// of its own.
public actor LocalContentStore: ContentStore {
    /// The directory that holds `workspaces/`.
    public nonisolated let root: String
    /// How many backups each workspace keeps.
    public nonisolated let retention: Int
    private let now: @Sendable () -> Date
    /// Backups being written now, as "<workspaceID>/<backupID>": cleanup leaves their files alone.
    private var inProgress: Set<String> = []

    /// A store under `root`, keeping the newest `retention` backups of each workspace.
    /// - Parameter now: the clock for backup times and ids.
    public init(root: String, retention: Int = 3, now: @escaping @Sendable () -> Date = { Date() }) {
        self.root = root
        self.retention = max(1, retention)
        self.now = now
    }

    public func createBackup(
        of directory: String, workspaceID: String, idShift: IDShift?
    ) async throws
        -> (BackupManifest, BackupReport)
    {
        let workspaceDirectory = try self.workspaceDirectory(workspaceID)
        let existing = try await listing(workspaceID)
        // Ids start with the time in milliseconds and strictly increase, so "newest" is well defined even when the
        // clock stands still or steps back.
        let clockMilliseconds = Int64((now().timeIntervalSince1970 * 1000).rounded(.down))
        let milliseconds = max(clockMilliseconds, (existing.first.flatMap { Self.milliseconds(of: $0.id) } ?? -1) + 1)
        let createdAt = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let id = Self.backupID(milliseconds: milliseconds)
        let key = "\(workspaceID)/\(id)"
        inProgress.insert(key)
        defer { inProgress.remove(key) }
        let archive = "\(workspaceDirectory)/\(id)\(Self.archiveSuffix)"
        let manifestPath = "\(workspaceDirectory)/\(id)\(Self.manifestSuffix)"
        let (manifest, report) = try await ArchiveThread.run(name: "swiftpod-backup") {
            try FileManager.default.createDirectory(atPath: workspaceDirectory, withIntermediateDirectories: true)
            do {
                let report = try BackupWriter(idShift: idShift).writeBlocking(directory: directory, to: archive)
                let verifier = BackupRestorer(limits: RestoreLimits(maxBytes: .max, maxEntries: .max))
                let entries = try verifier.verifyBlocking(archive: archive, sha256: report.sha256)
                guard entries == report.entries else {
                    throw ContentError(
                        code: .archive,
                        message: "backup \(archive) reads back \(entries) entries, but \(report.entries) were written")
                }
                let manifest = BackupManifest(
                    id: id, workspaceID: workspaceID, sha256: report.sha256, size: report.bytesOut,
                    createdAt: createdAt, entries: report.entries, contentBytes: report.bytesIn)
                let encoded = try manifest.encoded()
                try DurableFile.replace(manifestPath, with: encoded)
                // What `backups(workspaceID:)` will read back, to the millisecond.
                return (try BackupManifest.decode(encoded), report)
            } catch {
                unlink(manifestPath)
                unlink(archive)
                throw error
            }
        }
        let all = try await listing(workspaceID)
        for old in all.dropFirst(retention) {
            try await delete(old)
        }
        return (manifest, report)
    }

    public func backups(workspaceID: String) async throws -> [BackupManifest] {
        try await listing(workspaceID)
    }

    public func latestBackup(workspaceID: String) async throws -> BackupManifest? {
        try await listing(workspaceID).first
    }

    public func restoreBackup(
        _ backup: BackupManifest, into target: String, idShift: IDShift?, limits: RestoreLimits
    ) async throws -> RestoreReport {
        let archive = try archivePath(backup)
        return try await BackupRestorer(limits: limits, idShift: idShift).restore(
            archive: archive, sha256: backup.sha256, into: target)
    }

    public func openBackup(_ backup: BackupManifest) async throws -> BackupStream {
        let archive = try archivePath(backup)
        let fileDescriptor = open(archive, O_RDONLY | O_CLOEXEC)
        guard fileDescriptor >= 0 else {
            if errno == ENOENT {
                throw ContentError(code: .notFound, message: "backup \(backup.id) of \(backup.workspaceID) is gone")
            }
            throw ContentError.io("open backup \(archive)", errno: errno)
        }
        return LocalBackupStream(fileDescriptor: fileDescriptor, path: archive)
    }

    public func deleteBackup(_ backup: BackupManifest) async throws {
        _ = try archivePath(backup)
        try await delete(backup)
    }

    // MARK: Files

    static let archiveSuffix = ".tar.zst"
    static let manifestSuffix = ".json"

    private func workspaceDirectory(_ workspaceID: String) throws -> String {
        try Self.checkID(workspaceID, what: "workspace id")
        return "\(root)/workspaces/\(workspaceID)"
    }

    private func archivePath(_ backup: BackupManifest) throws -> String {
        try Self.checkID(backup.id, what: "backup id")
        return "\(try workspaceDirectory(backup.workspaceID))/\(backup.id)\(Self.archiveSuffix)"
    }

    /// Ids become file names: letters, digits, '.', '_' and '-', not starting with '.', at most 128 characters.
    private static func checkID(_ id: String, what: String) throws {
        let allowed = id.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed, !id.isEmpty, id.utf8.count <= 128, !id.hasPrefix(".") else {
            throw ContentError(
                code: .invalidID,
                message: "\(what) \"\(id)\" is not valid: use 1 to 128 letters, digits, '.', '_' or '-', "
                    + "not starting with '.'")
        }
    }

    /// A sortable id for a backup made at `milliseconds` since 1970, with random characters so that ids never
    /// collide.
    private static func backupID(milliseconds: Int64) -> String {
        let digits = String(milliseconds)
        let padded = String(repeating: "0", count: max(0, 15 - digits.count)) + digits
        return "\(padded)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The time in an id made by `backupID(milliseconds:)`.
    private static func milliseconds(of id: String) -> Int64? {
        Int64(id.prefix { $0 != "-" })
    }

    /// Cleans up the workspace's directory, then reads its manifests, newest first.
    private func listing(_ workspaceID: String) async throws -> [BackupManifest] {
        let directory = try workspaceDirectory(workspaceID)
        let busy = Set(
            inProgress.compactMap { key -> String? in
                guard key.hasPrefix(workspaceID + "/") else { return nil }
                return String(key.dropFirst(workspaceID.count + 1))
            })
        return try await ArchiveThread.run(name: "swiftpod-content-store") {
            try Self.cleanUp(directory, busy: busy)
            return try Self.readManifests(directory)
        }
    }

    /// Removes temporary files, archives without a manifest and manifests without an archive, except those of the
    /// backups in `busy`.
    private static func cleanUp(_ directory: String, busy: Set<String>) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            guard FileManager.default.fileExists(atPath: directory) else { return }
            throw ContentError(code: .io, message: "cannot list \(directory): \(error)", underlying: error)
        }
        let present = Set(names)
        var removed = false
        for name in names {
            let id = String(name.prefix { $0 != "." })
            if busy.contains(id) { continue }
            let orphan =
                name.hasSuffix(DurableFile.temporarySuffix)
                || (name.hasSuffix(archiveSuffix) && !present.contains(id + manifestSuffix))
                || (name.hasSuffix(manifestSuffix) && !present.contains(id + archiveSuffix))
            if orphan {
                unlink("\(directory)/\(name)")
                removed = true
            }
        }
        if removed { try DurableFile.syncDirectory(directory) }
    }

    private static func readManifests(_ directory: String) throws -> [BackupManifest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var manifests: [BackupManifest] = []
        for name in names where name.hasSuffix(manifestSuffix) {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                let manifest = try? BackupManifest.decode(Array(data)),
                name == manifest.id + manifestSuffix
            else { continue }  // An unreadable manifest does not count; it is kept for a person to look at.
            manifests.append(manifest)
        }
        return manifests.sorted { $0.id > $1.id }
    }

    private func delete(_ backup: BackupManifest) async throws {
        let directory = try workspaceDirectory(backup.workspaceID)
        let id = backup.id
        try await ArchiveThread.run(name: "swiftpod-content-store") {
            let manifest = "\(directory)/\(id)\(Self.manifestSuffix)"
            guard unlink(manifest) == 0 || errno == ENOENT else {
                throw ContentError.io("delete \(manifest)", errno: errno)
            }
            try DurableFile.syncDirectory(directory)
            let archive = "\(directory)/\(id)\(Self.archiveSuffix)"
            guard unlink(archive) == 0 || errno == ENOENT else {
                throw ContentError.io("delete \(archive)", errno: errno)
            }
        }
    }
}
