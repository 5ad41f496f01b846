import Glibc

/// Walks a directory tree depth first, each directory's entries in byte order, never following symbolic links.
///
/// A directory's whole subtree comes right after it, the order tar tools expect; the sorted order makes archives of
/// the same tree identical. Paths are bytes, so names that are not UTF-8 are kept as they are.
struct TreeWalker {
    /// One file found.
    struct Item {
        /// The path relative to the root ("." for the root).
        var relativePath: [UInt8]
        /// The path to open it by.
        var absolutePath: [UInt8]
        /// Its `lstat`.
        var status: stat

        var isDirectory: Bool { status.st_mode & S_IFMT == S_IFDIR }
    }

    private let root: [UInt8]
    /// Relative paths still to visit, the next on top.
    private var pending: [[UInt8]] = [[]]

    init(root: String) {
        self.root = Array(root.utf8)
    }

    /// The next file, or nil when the walk is over. A directory's entries are listed when it is returned.
    mutating func next() throws -> Item? {
        guard let relative = pending.popLast() else { return nil }
        let absolute = relative.isEmpty ? root : root + [UInt8(ascii: "/")] + relative
        var status = stat()
        guard withCString(absolute, { lstat($0, &status) }) == 0 else {
            throw ContentError.io("inspect \(String(decoding: absolute, as: UTF8.self))", errno: errno)
        }
        let item = Item(
            relativePath: relative.isEmpty ? [UInt8(ascii: ".")] : relative, absolutePath: absolute, status: status)
        if item.isDirectory {
            let names = try Self.names(in: absolute)
            for name in names.reversed() {
                pending.append(relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name)
            }
        }
        return item
    }

    /// The names in the directory at `path`, sorted by their bytes.
    private static func names(in path: [UInt8]) throws -> [[UInt8]] {
        guard let directory = withCString(path, { opendir($0) }) else {
            throw ContentError.io("list \(String(decoding: path, as: UTF8.self))", errno: errno)
        }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let item = readdir(directory) else {
                guard errno == 0 else {
                    throw ContentError.io("list \(String(decoding: path, as: UTF8.self))", errno: errno)
                }
                break
            }
            let name = withUnsafeBytes(of: item.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
