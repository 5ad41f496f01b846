import Foundation

extension BackupRestorer {
    /// Reads every entry of the archive in `fileDescriptor` and checks it; with `creatingFiles`, creates it relative
    /// to this thread's current directory.
    func extract(from fileDescriptor: Int32, archive: String, creatingFiles: Bool) throws -> Extraction {
        do {
            return try extractEntries(from: fileDescriptor, archive: archive, creatingFiles: creatingFiles)
        } catch let error as ArchiveError {
            throw ContentError.archive(error, file: archive)
        }
    }

    private func extractEntries(from fileDescriptor: Int32, archive: String, creatingFiles: Bool) throws -> Extraction {
        let reader = try ArchiveReader(fileDescriptor: fileDescriptor)
        // The root is a directory made for this restore, and `EntryChecker` refuses paths through the archive's own
        // links: libarchive need not look for links on every path again.
        let disk = creatingFiles ? try ArchiveDiskWriter(checksLinks: false) : nil
        var checker = EntryChecker(archive: archive, limits: limits)
        var notes = BackupNotes()
        var root: RootMetadata?
        while let entry = try reader.nextEntry() {
            let path = try checker.admit(entry)
            if path.isRoot {
                root = RootMetadata(
                    permissions: entry.permissions, uid: hostID(entry.uid, "\(archive): the root", &notes),
                    gid: hostID(entry.gid, "\(archive): the root", &notes), modificationTime: entry.modificationTime)
                continue
            }
            if entry.hardlinkTarget == nil, let kind = Self.skippedKind(entry.kind) {
                notes.add("skipped \(path.description): a \(kind) is not restored")
                continue
            }
            if path.bytes != entry.path { entry.path = path.bytes }
            entry.keepOnlyUserExtendedAttributes()
            if let idShift {
                let (uid, gid) = (entry.uid, entry.gid)
                entry.uid = idShift.hostID(forContainer: uid) ?? idShift.offset
                entry.gid = idShift.hostID(forContainer: gid) ?? idShift.offset
                if idShift.hostID(forContainer: uid) == nil || idShift.hostID(forContainer: gid) == nil {
                    notes.add(
                        "\(path.description): owner \(uid):\(gid) is outside the container's id mapping; "
                            + "restored as the container's root")
                }
            }
            try disk?.writeHeader(entry)
            if entry.kind != .directory {
                while let block = try reader.nextBlock() {
                    try checker.consume(block.bytes.count, of: path)
                    try disk?.writeBlock(block)
                }
            }
            try disk?.finishEntry()
            checker.created(path, kind: entry.kind, hardlinkTarget: entry.hardlinkTarget)
        }
        try disk?.close()
        let report = RestoreReport(
            entries: checker.entries, bytes: checker.bytes, notes: notes.lines, omittedNotes: notes.omitted)
        return Extraction(report: report, root: root)
    }

    /// The host id of a recorded id, shifted when there is a mapping.
    private func hostID(_ id: Int64, _ name: String, _ notes: inout BackupNotes) -> Int64 {
        guard let idShift else { return id }
        guard let hostID = idShift.hostID(forContainer: id) else {
            notes.add("\(name): id \(id) is outside the container's id mapping; restored as the container's root")
            return idShift.offset
        }
        return hostID
    }

    /// What to call an entry of `kind` in a note when it is not restored, or nil when it is.
    private static func skippedKind(_ kind: ArchiveEntry.Kind) -> String? {
        switch kind {
        case .regular, .directory, .symbolicLink, .fifo: nil
        case .socket: "socket"
        case .characterDevice: "character device"
        case .blockDevice: "block device"
        case .unknown: "file of unknown type"
        }
    }
}

/// The checks every entry passes before it is created, and the limits' accounting.
struct EntryChecker {
    let archive: String
    let limits: RestoreLimits
    private(set) var entries = 0
    private(set) var bytes: Int64 = 0
    /// Symbolic links the archive created: no later entry may go through one.
    private var symbolicLinks: Set<EntryPath> = []
    /// Their hashes, to look an entry's directories up without making a path of each.
    private var symbolicLinkHashes: Set<Int> = []
    /// Non-directories the archive created: the only things a hard link may point to.
    private var files: Set<EntryPath> = []

    init(archive: String, limits: RestoreLimits) {
        self.archive = archive
        self.limits = limits
    }

    /// Checks the entry's path, its hard link target and its size, and rewrites the hard link target in canonical
    /// form. Returns the entry's canonical path.
    mutating func admit(_ entry: ArchiveEntry) throws -> EntryPath {
        entries += 1
        guard entries <= limits.maxEntries else {
            throw ContentError(
                code: .tooManyEntries,
                message: "backup \(archive) has more than \(limits.maxEntries) entries, the most a restore allows; "
                    + "nothing was restored")
        }
        let path = try checked(entry.path, what: "entry \(describe(entry))")
        if path.isRoot && (entry.kind != .directory || entry.hardlinkTarget != nil) {
            throw refusal(
                "entry \(describe(entry)) would replace the restore root with something other than a directory")
        }
        if let target = entry.hardlinkTarget {
            let targetPath = try checked(
                target, what: "hard link \(describe(entry)) -> \(String(decoding: target, as: UTF8.self))")
            guard files.contains(targetPath) else {
                throw refusal(
                    "hard link \(describe(entry)) points to \(targetPath.description), which is not a file earlier "
                        + "in the archive")
            }
            if targetPath.bytes != target { entry.hardlinkTarget = targetPath.bytes }
        }
        if !entry.isSparse && entry.hardlinkTarget == nil && entry.size > limits.maxBytes - bytes {
            throw tooLarge(describe(entry))
        }
        return path
    }

    /// Counts `count` content bytes of `path` against the size limit.
    mutating func consume(_ count: Int, of path: EntryPath) throws {
        bytes += Int64(count)
        guard bytes <= limits.maxBytes else { throw tooLarge(path.description) }
    }

    /// Records that `path` now exists as a `kind`, or as a hard link to `hardlinkTarget` (a hard link to a
    /// symbolic link is a symbolic link too).
    mutating func created(_ path: EntryPath, kind: ArchiveEntry.Kind, hardlinkTarget: [UInt8]?) {
        let linksToSymbolicLink = hardlinkTarget.flatMap { try? EntryPath($0) }.map(symbolicLinks.contains) ?? false
        if kind == .symbolicLink || linksToSymbolicLink {
            symbolicLinks.insert(path)
            symbolicLinkHashes.insert(path.hashValue)
        }
        if kind != .directory { files.insert(path) }
    }

    private func checked(_ bytes: [UInt8], what: @autoclosure () -> String) throws -> EntryPath {
        let path: EntryPath
        do {
            path = try EntryPath(bytes)
        } catch .absolute {
            throw refusal("\(what()) is an absolute path")
        } catch {
            throw refusal("\(what()) has a '..' component")
        }
        guard !symbolicLinks.isEmpty else { return path }
        let through = path.firstAncestor { directory in
            symbolicLinkHashes.contains(EntryPath.hashValue(of: directory))
                && symbolicLinks.contains(path.prefix(directory.count))
        }
        if let through {
            throw refusal("\(what()) goes through the symbolic link \(path.prefix(through).description)")
        }
        return path
    }

    private func refusal(_ reason: String) -> ContentError {
        ContentError(
            code: .unsafeEntry, message: "backup \(archive) is unsafe: \(reason); nothing was restored")
    }

    private func tooLarge(_ name: String) -> ContentError {
        ContentError(
            code: .tooLarge,
            message: "backup \(archive) holds more than \(limits.maxBytes) bytes (at \(name)), the most a restore "
                + "allows; nothing was restored")
    }
}
