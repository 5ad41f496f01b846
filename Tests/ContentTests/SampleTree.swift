import Foundation

/// A workspace-like tree with every kind of entry a backup must keep (a FIFO too), and the socket it must skip.
enum SampleTree {
    /// A name that is not UTF-8 (Latin-1 "café" and a stray 0xFF).
    static let nonUTF8Name: [UInt8] = Array("caf".utf8) + [0xE9, 0xFF] + Array(".txt".utf8)
    /// A file name longer than 100 bytes (ustar's name field).
    static let longName = [UInt8](repeating: UInt8(ascii: "l"), count: 150)
    /// A path longer than 255 bytes, under three directories.
    static let deepDirectories: [[UInt8]] = (0..<3).map { [UInt8](repeating: UInt8(ascii: "a") + UInt8($0), count: 90) }
    static var deepFile: [UInt8] {
        Array(deepDirectories.joined(separator: [UInt8(ascii: "/")])) + Array("/".utf8)
            + [UInt8](repeating: UInt8(ascii: "f"), count: 90)
    }
    /// Offsets of the only data in the sparse file.
    static let sparseMarks: [(Int64, String)] = [(0, "begin"), (150 << 20, "middle")]

    /// Paths the backup skips.
    static let skipped: [[UInt8]] = [Array("socket".utf8)]

    /// Builds the tree at `root` (which must not exist).
    /// - Parameters:
    ///   - sparseSize: the logical size of `sparse.img`.
    ///   - ownerBase: the uid and gid base of the files (a shifted container's range on the host).
    ///   - special: whether to add a FIFO and a socket.
    static func make(at root: String, sparseSize: Int64, ownerBase: UInt32 = 0, special: Bool = true) throws {
        func p(_ relative: String) -> [UInt8] { FileTree.path(root, Array(relative.utf8)) }
        try FileTree.makeDirectory(Array(root.utf8), mode: 0o755)
        try FileTree.writeFile(p("file.txt"), Array("hello\n".utf8), mode: 0o640)
        try FileTree.writeFile(p("script.sh"), Array("#!/bin/sh\necho hi\n".utf8), mode: 0o755)
        try FileTree.writeFile(p("setuid-tool"), Array("tool".utf8), mode: 0o4755)
        try FileTree.makeDirectory(p("dir"), mode: 0o750)
        try FileTree.writeFile(p("dir/nested.txt"), Array(repeating: UInt8(ascii: "n"), count: 100_000))
        try FileTree.makeDirectory(p("empty"), mode: 0o700)
        try FileTree.symlink(p("link"), to: "file.txt")
        try FileTree.symlink(p("outside-link"), to: "/etc/passwd")
        try FileTree.symlink(p("dangling"), to: "does/not/exist")
        try FileTree.writeFile(p("hard-a"), Array("shared content\n".utf8))
        try FileTree.check(
            link(String(decoding: p("hard-a"), as: UTF8.self), String(decoding: p("dir/hard-b"), as: UTF8.self)), "link"
        )
        try FileTree.writeFile(p("utf8-名前.txt"), Array("unicode\n".utf8))
        try FileTree.writeFile(FileTree.path(root, nonUTF8Name), Array("latin-1\n".utf8))
        try FileTree.writeFile(FileTree.path(root, longName), Array("long\n".utf8))
        var deep: [UInt8] = []
        for directory in deepDirectories {
            deep += deep.isEmpty ? directory : [UInt8(ascii: "/")] + directory
            try FileTree.makeDirectory(FileTree.path(root, deep))
        }
        try FileTree.writeFile(FileTree.path(root, deepFile), Array("deep\n".utf8))
        try FileTree.writeFile(p("secret"), Array("top secret\n".utf8), mode: 0o000)
        try FileTree.makeDirectory(p("locked"), mode: 0o755)
        try FileTree.writeFile(p("locked/inside"), Array("locked in\n".utf8), mode: 0o600)
        try FileTree.check(chmod(String(decoding: p("locked"), as: UTF8.self), 0o000), "chmod")
        try makeSparse(String(decoding: p("sparse.img"), as: UTF8.self), size: sparseSize)
        if special {
            try FileTree.check(mkfifo(String(decoding: p("fifo"), as: UTF8.self), 0o644), "mkfifo")
            try makeSocket(String(decoding: p("socket"), as: UTF8.self))
        }
        // Owners and times last, deepest first, so that creating children does not change a directory's time.
        let entries = try FileTree.snapshot(root).keys.sorted { $0.count > $1.count }
        for (index, relative) in entries.enumerated() {
            let full = relative == Array(".".utf8) ? Array(root.utf8) : FileTree.path(root, relative)
            let id = ownerBase + 1000 + UInt32(index % 3)
            try FileTree.owner(full, uid: id, gid: id + 1)
            try FileTree.setTime(full, seconds: 1_700_000_000 + index * 3_600, nanoseconds: 123_456_789)
        }
    }

    static func makeSparse(_ path: String, size: Int64) throws {
        let fileDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fileDescriptor >= 0 else { throw FileTree.Failure(description: "create \(path)") }
        defer { close(fileDescriptor) }
        try FileTree.check(ftruncate(fileDescriptor, off_t(size)), "ftruncate")
        for (offset, text) in sparseMarks where offset < size {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { pwrite(fileDescriptor, $0.baseAddress, $0.count, off_t(offset)) }
        }
        let end = Array("end".utf8)
        _ = end.withUnsafeBytes { pwrite(fileDescriptor, $0.baseAddress, $0.count, off_t(size - 3)) }
    }

    static func makeSocket(_ path: String) throws {
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw FileTree.Failure(description: "socket") }
        defer { close(socketDescriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try FileTree.check(result, "bind \(path)")
    }
}
