import Crypto
import Foundation

/// The IDE's static files, read into memory once: each under its URL path (relative, such as
/// `lib/codemirror/mode/go/go.js`), with its content type, and a version that is a hash of them all.
///
/// Only regular files with a served extension are taken. A symbolic link is followed only when it resolves inside
/// the directory being read; one that leads out of it is left out, so nothing outside the asset directories can be
/// reached, whatever a request's path says.
public struct AssetCatalog: Sendable {
    /// One served file.
    public struct Asset: Sendable, Equatable {
        public var bytes: [UInt8]
        public var contentType: String
    }

    /// The largest file taken, and the most bytes taken from one directory.
    static let fileLimit = 8 << 20
    static let directoryLimit = 64 << 20

    /// Files by their URL path.
    public private(set) var assets: [String: Asset] = [:]

    public init() {}

    /// Adds `bytes` at `path`, with the content type its name implies (or `contentType`).
    public mutating func add(_ path: String, bytes: [UInt8], contentType: String? = nil) {
        guard let type = contentType ?? AssetContentType.forFile(named: path) else { return }
        assets[path] = Asset(bytes: bytes, contentType: type)
    }

    /// Adds every served file under `directory`, at `prefix` + its path relative to `directory`.
    /// - Parameters:
    ///   - directory: the directory to read.
    ///   - prefix: the URL path it goes under, such as `lib/codemirror/` (empty for the top).
    ///   - skipping: relative paths that are left out (a directory leaves out all it holds).
    /// - Returns: false when `directory` does not exist.
    @discardableResult
    public mutating func addDirectory(_ directory: String, prefix: String, skipping: Set<String> = []) -> Bool {
        guard let root = Self.realPath(directory), Self.isDirectory(root) else { return false }
        var total = 0
        for relative in Self.files(under: root, skipping: skipping) {
            guard AssetContentType.forFile(named: relative) != nil,
                let bytes = Self.read(root + "/" + relative, confinedTo: root),
                total + bytes.count <= Self.directoryLimit
            else { continue }
            total += bytes.count
            add(prefix + relative, bytes: bytes)
        }
        return true
    }

    /// The content hash of every path and its bytes: 16 hexadecimal digits of SHA-256.
    public var version: String {
        let hasher = SHA256.Hasher()
        for path in assets.keys.sorted() {
            guard let asset = assets[path] else { continue }
            hasher.update(Array(path.utf8) + [0])
            hasher.update(Array(String(asset.bytes.count).utf8) + [0])
            hasher.update(asset.bytes)
        }
        return String(hasher.finalize().hexString.prefix(16))
    }

    // MARK: Reading the disk

    /// The relative paths of the regular files (or links to them) under `root`, depth first, sorted.
    static func files(under root: String, skipping: Set<String>) -> [String] {
        var result: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                if skipping.contains(child) { continue }
                var status = stat()
                guard lstat(root + "/" + child, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: pending.append(child)
                case S_IFREG, S_IFLNK: result.append(child)
                default: continue
                }
            }
        }
        return result
    }

    /// The bytes of the file at `path` when it is (or links to) a regular file inside `root` and not too large.
    static func read(_ path: String, confinedTo root: String) -> [UInt8]? {
        guard let resolved = realPath(path), resolved.hasPrefix(root + "/") else { return nil }
        var status = stat()
        guard stat(resolved, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size <= fileLimit,
            let data = FileManager.default.contents(atPath: resolved)
        else { return nil }
        return [UInt8](data)
    }

    /// `path` with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
