import Foundation

/// A bare repository on local disk, `<name>.git`, with one commit of `files` on `main`.
public struct LocalRepository: Sendable {
    public let scratch: TemporaryDirectory
    /// The bare repository's path.
    public let bare: String
    /// The commit pushed.
    public let head: String

    public init(name: String = "project", files: [String: String]) async throws {
        scratch = try TemporaryDirectory(prefix: "local-repository")
        bare = scratch.path + "/\(name).git"
        let work = scratch.path + "/work"
        try await Self.git(["init", "--quiet", "--bare", "--initial-branch=main", bare])
        try await Self.git(["init", "--quiet", "--initial-branch=main", work])
        for (name, text) in files {
            let path = work + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        }
        try await Self.git(["-C", work, "add", "--all"])
        try await Self.git(["-C", work, "commit", "--quiet", "-m", "the project"])
        try await Self.git(["-C", work, "push", "--quiet", bare, "main"])
        head = try await Self.git(["-C", work, "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The context URL of the repository.
    public var contextURL: String { "file://\(bare)" }

    @discardableResult
    public static func git(_ arguments: [String]) async throws -> String {
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_NOSYSTEM": "1",
        ]
        let result = try await runProcess("/usr/bin/git", arguments, environment: environment)
        guard result.status == 0 else {
            throw FixtureFailure(description: "git \(arguments.joined(separator: " ")): \(result.standardError)")
        }
        return result.standardOutput
    }
}

/// A fixture step that failed.
public struct FixtureFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
