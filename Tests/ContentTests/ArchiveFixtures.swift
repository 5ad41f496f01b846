import Foundation
import TestSupport

/// Archives made by other tools for the restore tests: Python's tarfile (hostile archives), GNU tar, zstd.
enum ArchiveFixtures {
    static let pythonFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/python").path

    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a tool and fails with its standard error when it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> ProcessResult {
        let result = try await runProcess(executable, arguments)
        guard result.status == 0 else {
            throw ToolFailure(
                description: "\(executable) \(arguments) exited \(result.status): \(result.standardError)")
        }
        return result
    }

    /// Writes the hostile archive `kind` (see hostile_tar.py) compressed with zstd to `path`.
    /// - Returns: the archive's SHA-256.
    static func hostile(_ kind: String, argument: String?, at path: String) async throws -> String {
        let tar = path + ".tar"
        try await run("python3", [pythonFixtures + "/hostile_tar.py", kind, tar] + (argument.map { [$0] } ?? []))
        try await compress(tar, to: path)
        return try FileTree.sha256(Array(path.utf8))
    }

    /// Compresses `tar` with the zstd CLI into `path`, and removes `tar`.
    static func compress(_ tar: String, to path: String) async throws {
        try await run("zstd", ["-q", "-f", "--rm", tar, "-o", path])
    }

    /// The value of the extended attribute `name` of `path`, or nil when it has none (read by Python: Glibc's
    /// module does not export the xattr calls).
    static func extendedAttribute(_ path: String, _ name: String) async throws -> String? {
        let script =
            "import os, sys\ntry: sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2]).decode())\n"
            + "except OSError: sys.exit(3)"
        let result = try await runProcess("python3", ["-c", script, path, name])
        return result.status == 0 ? result.standardOutput : nil
    }

    static func setExtendedAttribute(_ path: String, _ name: String, _ value: String) async throws {
        let script = "import os, sys\nos.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())"
        try await run("python3", ["-c", script, path, name, value])
    }
}
