import Content
import Foundation
import TestSupport
import Testing

/// Reading configuration files from a commit in the mirror, before any checkout.
@Suite struct GitMirrorFilesTests {
    @Test func readsTheFilesThatExistAtTheCommit() async throws {
        let fixture = try await GitFixture()
        let withConfig = try await fixture.pushCommit(file: ".gitpod.yml", text: "tasks:\n  - init: make\n")
        let (cache, _) = try fixture.makeCache()
        let mirror = try await cache.update(fixture.origin)
        let names = [".gitpod.yml", ".gitpod.yaml", ".devcontainer/devcontainer.json", "src", "README.md"]

        let files = try await mirror.files(names, at: withConfig)
        #expect(files == [".gitpod.yml": "tasks:\n  - init: make\n", "README.md": "# project\n"])
        // At an earlier commit the file was not there yet; a directory is never returned as a file.
        #expect(try await mirror.files(names, at: fixture.mainCommit) == ["README.md": "# project\n"])
    }

    @Test func refusesBadCommitsPathsAndLargeFiles() async throws {
        let fixture = try await GitFixture()
        let (cache, _) = try fixture.makeCache()
        let mirror = try await cache.update(fixture.origin)
        for commit in ["main", "HEAD", String(fixture.mainCommit.prefix(12)), "--output=/tmp/x"] {
            let error = await #expect(throws: GitError.self) { _ = try await mirror.files(["README.md"], at: commit) }
            #expect(error?.code == .invalidRef)
        }
        for path in ["../etc/passwd", "/etc/passwd", "-p"] {
            let error = await #expect(throws: GitError.self) {
                _ = try await mirror.files([path], at: fixture.mainCommit)
            }
            #expect(error?.message.contains("is not a path inside the repository") == true)
        }
        let missing = await #expect(throws: GitError.self) {
            _ = try await mirror.files(["README.md"], at: String(repeating: "a", count: 40))
        }
        #expect(missing?.code == .commandFailed)
        let large = await #expect(throws: GitError.self) {
            _ = try await mirror.files(["README.md"], at: fixture.mainCommit, maximumBytes: 4)
        }
        #expect(large?.message.contains("more than 4 are read") == true)
    }
}
