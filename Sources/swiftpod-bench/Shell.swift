import Foundation
import Subprocess

/// Runs the floors' command lines: a fixed bash script with the paths as its positional parameters (never spliced
/// into the script), `pipefail` on, timed from spawn to exit.
enum Shell {
    /// Runs `script` with `arguments` as `$1`, `$2`, ... and returns how long it took, in seconds.
    /// - Parameter log: the file both outputs are appended to.
    /// - Throws: when bash cannot start or the script fails; the error names the log.
    static func run(_ script: String, _ arguments: [String], log: String) async throws -> Double {
        let start = ContinuousClock.now
        let child = try ChildProcess(
            executable: "/bin/bash", arguments: ["-c", "set -o pipefail; " + script, "bash"] + arguments,
            outputPath: log)
        // ChildProcess.waitForExit polls every 20 ms; a millisecond keeps the timing fair to short commands.
        while child.isRunning {
            try await Task.sleep(for: .milliseconds(1))
        }
        let elapsed = (ContinuousClock.now - start).seconds
        guard child.exitStatus == 0 else {
            throw BenchError("'\(script)' with \(arguments) \(child.exitDescription); its output is in \(log)")
        }
        return elapsed
    }
}

/// Finds programs on PATH.
enum ToolPath {
    /// The full path of `name` on PATH, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The state of the page cache before each timed step: dropped, or warmed by reading the tree.
struct PageCache {
    /// Whether to drop the page cache (as root) instead of warming it.
    let drop: Bool
    /// The tree to warm.
    let tree: String

    /// Flushes the disk, then drops or warms the cache.
    func prepare() async throws {
        let drop = self.drop
        let tree = self.tree
        try await onOwnThread {
            sync()
            if drop {
                let descriptor = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw BenchError.io("open /proc/sys/vm/drop_caches (--drop-caches)") }
                defer { close(descriptor) }
                guard write(descriptor, "3", 1) == 1 else { throw BenchError.io("drop the page cache") }
            } else {
                try Self.readAll(tree)
            }
        }
    }

    /// Reads every regular file under `root`, so that both sides find the tree in the page cache.
    private static func readAll(_ root: String) throws {
        guard let names = FileManager.default.enumerator(atPath: root) else {
            throw BenchError("cannot list \(root)")
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while let name = names.nextObject() as? String {
            let path = root + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            close(descriptor)
        }
    }
}

/// A directory for a benchmark's files: the one given, or a new one in TMPDIR that is removed at the end.
struct WorkDirectory {
    let path: String
    private let owned: Bool

    init(explicit: String?, prefix: String) throws {
        if let explicit {
            try FileManager.default.createDirectory(atPath: explicit, withIntermediateDirectories: true)
            let names = try FileManager.default.contentsOfDirectory(atPath: explicit)
            guard names.isEmpty else { throw BenchError("the work directory \(explicit) is not empty") }
            path = explicit
            owned = false
        } else {
            let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
            let created = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }
            }
            guard let created else {
                throw BenchError.io("create a directory in \(base)")
            }
            path = String(cString: created)
            owned = true
        }
    }

    /// Removes the directory when this program created it.
    func removeIfOwned() {
        if owned { try? FileManager.default.removeItem(atPath: path) }
    }
}
