import Crypto
import Foundation

/// Writes a directory tree as a pax tar archive compressed with zstd.
///
/// The archive keeps permissions, numeric owners, modification times, symbolic links (as links, never followed),
/// hard links (content stored once), empty directories, long and non-UTF-8 names (as bytes), and holes in sparse
/// files, and FIFOs. It reads every file whatever its permissions (the host runs it as root). Sockets and devices are
/// skipped with a note. The archive is written to a temporary file beside the destination, checksummed while it is
/// written, flushed, and renamed into place; the directory is flushed last. zstd compresses on threads of its own,
/// so that reading the tree and compressing it overlap, as in a `tar | zstd` pipeline.
public struct BackupWriter: Sendable {
    /// The container mapping whose ids the archive records, or nil to record host ids as they are.
    public var idShift: IDShift?
    /// The zstd level, 1 (fast) to 19 (small).
    public var compressionLevel: Int
    /// How many threads compress beside the one reading the tree.
    public var compressionThreads: Int

    /// One compression thread per processor, at most 4: more do not pay at the default level.
    public static let defaultCompressionThreads = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))

    public init(
        idShift: IDShift? = nil, compressionLevel: Int = 3, compressionThreads: Int = Self.defaultCompressionThreads
    ) {
        self.idShift = idShift
        self.compressionLevel = compressionLevel
        self.compressionThreads = compressionThreads
    }

    /// Archives the tree at `directory` into the file `destination`, replacing it if it exists.
    ///
    /// Runs on a thread of its own. On failure nothing is left at `destination` and no temporary file remains.
    public func write(directory: String, to destination: String) async throws -> BackupReport {
        let writer = self
        return try await ArchiveThread.run(name: "swiftpod-backup") {
            try writer.writeBlocking(directory: directory, to: destination)
        }
    }

    /// The synchronous work of `write(directory:to:)`, for callers already on a thread of their own.
    func writeBlocking(directory: String, to destination: String) throws -> BackupReport {
        let root = try Self.checkedRoot(directory)
        var report = try DurableFile.replace(destination) { fileDescriptor, temporary in
            try archive(root: root, into: fileDescriptor, path: temporary)
        }
        report.path = destination
        return report
    }

    /// `directory` without trailing slashes, once it is known to be a directory (not a link to one).
    private static func checkedRoot(_ directory: String) throws -> String {
        var root = directory
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        var status = stat()
        guard lstat(root, &status) == 0 else { throw ContentError.io("back up \(root)", errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw ContentError(code: .io, message: "cannot back up \(root): not a directory")
        }
        return root
    }

    private func archive(root: String, into fileDescriptor: Int32, path: String) throws -> BackupReport {
        let hasher = SHA256.Hasher()
        var bytesOut: Int64 = 0
        let writer: ArchiveWriter
        do {
            writer = try ArchiveWriter(compressionLevel: compressionLevel, threads: compressionThreads) { buffer in
                try DurableFile.writeAll(fileDescriptor, buffer, path: path)
                hasher.update(buffer)
                bytesOut += Int64(buffer.count)
            }
        } catch {
            throw ContentError.archive(error, file: path)
        }
        var notes = BackupNotes()
        var entries = 0
        var bytesIn: Int64 = 0
        do {
            let disk = try ArchiveDiskReader()
            let resolver = try HardlinkResolver()
            // One buffer for every file, never zeroed: `pread` fills what is used.
            let buffer = RawBuffer(capacity: 1 << 20)
            var walker = TreeWalker(root: root)
            while let item = try walker.next() {
                if let skipped = Self.unarchivableKind(item.status.st_mode) {
                    notes.add(
                        "skipped \(String(decoding: item.relativePath, as: UTF8.self)): a \(skipped) cannot be archived"
                    )
                    continue
                }
                let file = try Self.openRegularFile(item)
                defer { if file >= 0 { close(file) } }
                let entry = try disk.entry(path: item.absolutePath, status: item.status, fileDescriptor: file)
                entry.path = item.relativePath
                entry.removeOwnerNames()
                entry.removeAccessAndChangeTimes()
                if let idShift { shift(entry, by: idShift, path: item.relativePath, notes: &notes) }
                resolver.resolve(entry)
                try writer.writeHeader(entry)
                entries += 1
                if file >= 0 && entry.hardlinkTarget == nil {
                    try copyContent(of: entry, from: file, path: item.relativePath, through: buffer, to: writer)
                    bytesIn += entry.size
                }
            }
            try writer.close()
        } catch let error as ArchiveError {
            throw ContentError.archive(error, file: root)
        }
        return BackupReport(
            path: path, sha256: hasher.finalize().hexString, entries: entries, bytesIn: bytesIn, bytesOut: bytesOut,
            notes: notes.lines, omittedNotes: notes.omitted)
    }

    /// Opens a regular file for reading, whatever its permissions; -1 for anything else. The file is opened without
    /// blocking and checked to be the one `lstat` saw, so a FIFO swapped in meanwhile cannot hang the backup.
    private static func openRegularFile(_ item: TreeWalker.Item) throws -> Int32 {
        guard item.status.st_mode & S_IFMT == S_IFREG else { return -1 }
        let file = item.open(O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            throw ContentError.io("open \(String(decoding: item.absolutePath, as: UTF8.self))", errno: errno)
        }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_ino == item.status.st_ino,
            status.st_dev == item.status.st_dev
        else {
            close(file)
            let name = String(decoding: item.absolutePath, as: UTF8.self)
            throw ContentError(code: .io, message: "cannot back up \(name): it changed while it was being read")
        }
        return file
    }

    /// What to call a file of `mode` in a note when it cannot be archived, or nil when it can.
    private static func unarchivableKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO: nil
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: "file of unknown type"
        }
    }

    /// Records container ids instead of host ids; ids outside the mapping become the container's root.
    private func shift(_ entry: ArchiveEntry, by idShift: IDShift, path: [UInt8], notes: inout BackupNotes) {
        let (uid, gid) = (entry.uid, entry.gid)
        entry.uid = idShift.containerID(forHost: uid) ?? 0
        entry.gid = idShift.containerID(forHost: gid) ?? 0
        if idShift.containerID(forHost: uid) == nil || idShift.containerID(forHost: gid) == nil {
            let name = String(decoding: path, as: UTF8.self)
            notes.add("\(name): owner \(uid):\(gid) is outside the container's id mapping; stored as root")
        }
    }

    /// Copies a file's content: its data regions when it is sparse, all of it otherwise, holes and any shortfall
    /// (a file that shrank meanwhile) as zeros (the pax writer drops the bytes of recorded holes again). A file that
    /// grew meanwhile is cut at the size in its header.
    private func copyContent(
        of entry: ArchiveEntry, from file: Int32, path: [UInt8], through buffer: RawBuffer, to writer: ArchiveWriter
    ) throws {
        let size = entry.size
        let regions = entry.dataRegions
        var position: Int64 = 0
        for region in regions.isEmpty ? [(offset: Int64(0), length: size)] : regions {
            let end = min(region.offset + region.length, size)
            guard max(region.offset, position) < end else { continue }
            if region.offset > position {
                try Self.writeZeros(region.offset - position, to: writer)
                position = region.offset
            }
            while position < end {
                let wanted = Int(min(Int64(buffer.capacity), end - position))
                let count = pread(file, buffer.storage.baseAddress, wanted, off_t(position))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ContentError.io("read \(String(decoding: path, as: UTF8.self))", errno: errno)
                }
                if count == 0 { break }
                try writer.writeData(UnsafeRawBufferPointer(rebasing: buffer.storage[0..<count]))
                position += Int64(count)
            }
        }
        if position < size { try Self.writeZeros(size - position, to: writer) }
    }

    private static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    private static func writeZeros(_ count: Int64, to writer: ArchiveWriter) throws {
        var remaining = count
        while remaining > 0 {
            let chunk = Int(min(remaining, Int64(zeros.count)))
            try zeros.withUnsafeBytes { buffer in
                try writer.writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<chunk]))
            }
            remaining -= Int64(chunk)
        }
    }
}
