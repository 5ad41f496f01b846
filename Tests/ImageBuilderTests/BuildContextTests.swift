import Foundation
import TestSupport
import Testing

@testable import ImageBuilder

@Suite struct BuildContextTests {
    /// A repository with a Dockerfile, a context directory and a file outside the context.
    private func repository() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "build-context")
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory.path + "/docker/files/nested", withIntermediateDirectories: true)
        try "FROM base\nCOPY . /x\n".write(
            toFile: directory.path + "/docker/Dockerfile", atomically: false, encoding: .utf8)
        try "one".write(toFile: directory.path + "/docker/files/one.txt", atomically: false, encoding: .utf8)
        try "two".write(toFile: directory.path + "/docker/files/nested/two.txt", atomically: false, encoding: .utf8)
        try manager.createSymbolicLink(atPath: directory.path + "/docker/files/link", withDestinationPath: "one.txt")
        try "elsewhere".write(toFile: directory.path + "/README.md", atomically: false, encoding: .utf8)
        return directory
    }

    private func digest(_ root: String, arguments: [String: String] = [:]) throws -> String {
        try BuildContext(repository: root, file: "docker/Dockerfile", context: "docker/files", arguments: arguments)
            .digest()
    }

    @Test func theDigestFollowsWhatTheBuildReadsAndNothingElse() throws {
        let repository = try repository()
        let root = repository.path
        let first = try digest(root)
        #expect(first.count == 64)
        #expect(try digest(root) == first)
        // Outside the context: no change.
        try "changed".write(toFile: root + "/README.md", atomically: false, encoding: .utf8)
        #expect(try digest(root) == first)
        // A context file's content, a new file, a mode, a symlink's target, the Dockerfile, an argument: each changes it.
        var seen: Set<String> = [first]
        func expectNew(_ change: () throws -> Void, arguments: [String: String] = [:]) throws {
            try change()
            let next = try digest(root, arguments: arguments)
            #expect(!seen.contains(next))
            seen.insert(next)
        }
        try expectNew { try "uno".write(toFile: root + "/docker/files/one.txt", atomically: false, encoding: .utf8) }
        try expectNew { try "3".write(toFile: root + "/docker/files/nested/three", atomically: false, encoding: .utf8) }
        try expectNew { chmod(root + "/docker/files/nested/three", 0o755) }
        try expectNew {
            try FileManager.default.removeItem(atPath: root + "/docker/files/link")
            try FileManager.default.createSymbolicLink(
                atPath: root + "/docker/files/link", withDestinationPath: "nested")
        }
        try expectNew {
            try "FROM base\n".write(toFile: root + "/docker/Dockerfile", atomically: false, encoding: .utf8)
        }
        try expectNew({}, arguments: ["VERSION": "1"])
        #expect(try digest(root, arguments: ["VERSION": "1"]) != digest(root, arguments: ["VERSION": "2"]))
    }

    @Test func refusesPathsOutsideTheRepository() throws {
        let repository = try repository()
        let root = repository.path
        let outside = try TemporaryDirectory(prefix: "outside")
        try "FROM x\n".write(toFile: outside.path + "/Dockerfile", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside.path)
        let cases: [(file: String, context: String?, message: String)] = [
            (
                "../\(URL(fileURLWithPath: outside.path).lastPathComponent)/Dockerfile", nil,
                "lies outside the repository"
            ),
            ("escape/Dockerfile", nil, "lies outside the repository"),
            ("/etc/passwd", nil, "must be a path relative to the repository"),
            ("docker/Dockerfile", "escape", "lies outside the repository"),
            ("docker/Dockerfile", "docker/Dockerfile", "is not a directory"),
            ("docker", nil, "is a directory, not a file"),
            ("docker/Missing.Dockerfile", nil, "does not exist"),
        ]
        for (file, context, message) in cases {
            let error = #expect(throws: ImageBuilderError.self) {
                _ = try BuildContext(repository: root, file: file, context: context, arguments: [:])
            }
            #expect(error?.code == .invalidSource)
            #expect(error?.message.contains(message) == true, "\(file), \(context ?? "-"): \(error?.message ?? "")")
        }
    }

    @Test func packsTheContextWithTheDockerfileUnderItsOwnName() async throws {
        let repository = try repository()
        let work = try TemporaryDirectory(prefix: "pack")
        let context = try BuildContext(
            repository: repository.path, file: "docker/Dockerfile", context: "docker/files", arguments: [:])
        let tar = try await context.pack(into: work.path + "/build")
        let listing = try await runProcess("/usr/bin/tar", ["-tvf", tar])
        #expect(listing.status == 0)
        for name in ["./one.txt", "./nested/two.txt", "./link -> one.txt", BuildContext.dockerfileName] {
            #expect(listing.standardOutput.contains(name), "\(listing.standardOutput)")
        }
        #expect(!listing.standardOutput.contains("README"))
    }
}
