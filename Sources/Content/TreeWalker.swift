import Glibc

/// Walks a directory tree depth first, each directory's entries in byte order, never following symbolic links.
///
/// A directory's whole subtree comes right after it, the order tar tools expect; the sorted order makes archives of
/// the same tree identical. Paths are bytes, so names that are not UTF-8 are kept as they are. Each file is looked at
/// relative to its open directory (`fstatat`, and `openat` by the caller), as GNU tar does, so that the kernel does
/// not walk the whole path again for every file; the open directories are those from the root to the current one.
struct TreeWalker: ~Copyable {
    /// One file found.
    struct Item {
        /// The path relative to the root ("." for the root).
        var relativePath: [UInt8]
        /// The path to open it by.
        var absolutePath: [UInt8]
        /// Its `lstat`.
        var status: stat
        /// The open directory that holds it (valid until the next call to `next()`), or `AT_FDCWD` for the root.
        var parent: Int32
        /// Its name in `parent` (the absolute path for the root).
        var name: [UInt8]

        var isDirectory: Bool { status.st_mode & S_IFMT == S_IFDIR }

        /// Opens the file relative to its directory with `flags` (`O_NOFOLLOW` is always added); -1 and `errno`
        /// on failure.
        func open(_ flags: Int32) -> Int32 {
            withCString(name) { openat(parent, $0, flags | O_NOFOLLOW) }
        }
    }

    /// An open directory on the way down, with the names in it still to visit (the next last).
    private struct Frame {
        var directory: OpaquePointer
        var relativePath: [UInt8]
        var absolutePath: [UInt8]
        var remaining: [[UInt8]]
    }

    private let root: [UInt8]
    private var started = false
    private var frames: [Frame] = []

    init(root: String) {
        self.root = Array(root.utf8)
    }

    deinit {
        for frame in frames { closedir(frame.directory) }
    }

    /// The next file, or nil when the walk is over. A directory is opened and listed when it is returned.
    mutating func next() throws -> Item? {
        if !started {
            started = true
            var status = stat()
            guard withCString(root, { lstat($0, &status) }) == 0 else {
                throw ContentError.io("inspect \(String(decoding: root, as: UTF8.self))", errno: errno)
            }
            let item = Item(
                relativePath: [UInt8(ascii: ".")], absolutePath: root, status: status, parent: AT_FDCWD, name: root)
            if item.isDirectory { try enter(item, relativePath: []) }
            return item
        }
        while let last = frames.indices.last {
            guard let name = frames[last].remaining.popLast() else {
                closedir(frames.removeLast().directory)
                continue
            }
            let frame = frames[last]
            let parent = dirfd(frame.directory)
            let absolute = frame.absolutePath + [UInt8(ascii: "/")] + name
            var status = stat()
            guard withCString(name, { fstatat(parent, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0 else {
                throw ContentError.io("inspect \(String(decoding: absolute, as: UTF8.self))", errno: errno)
            }
            let relative = frame.relativePath.isEmpty ? name : frame.relativePath + [UInt8(ascii: "/")] + name
            let item = Item(
                relativePath: relative, absolutePath: absolute, status: status, parent: parent, name: name)
            if item.isDirectory { try enter(item, relativePath: relative) }
            return item
        }
        return nil
    }

    /// Opens and lists the directory `item`, whose entries come next.
    private mutating func enter(_ item: Item, relativePath: [UInt8]) throws {
        let fileDescriptor = item.open(O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let path = String(decoding: item.absolutePath, as: UTF8.self)
        guard fileDescriptor >= 0 else { throw ContentError.io("open directory \(path)", errno: errno) }
        guard let directory = fdopendir(fileDescriptor) else {
            let failure = ContentError.io("list \(path)", errno: errno)
            close(fileDescriptor)
            throw failure
        }
        do {
            let names = try Self.names(in: directory, path: path)
            frames.append(
                Frame(
                    directory: directory, relativePath: relativePath, absolutePath: item.absolutePath,
                    remaining: names.reversed()))
        } catch {
            closedir(directory)
            throw error
        }
    }

    /// The names in `directory`, sorted by their bytes.
    private static func names(in directory: OpaquePointer, path: String) throws -> [[UInt8]] {
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let item = readdir(directory) else {
                guard errno == 0 else { throw ContentError.io("list \(path)", errno: errno) }
                break
            }
            let name = withUnsafeBytes(of: item.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
