import Basics
import Foundation
import HTTPServer
import Supervisor
import TestSupport
import Testing

/// The browser IDE's file routes: which paths they accept, where symlinks may lead, and what reading, writing,
/// renaming and deleting do to the workspace's files.
@Suite struct FileRoutesTests {
    private typealias Harness = SupervisorHarness

    @Test(arguments: [
        ("/etc/passwd", "is absolute"), ("a/../../x", "has a '..' component"), ("..", "has a '..' component"),
        ("a//b", "has an empty component"), ("a/", "has an empty component"), ("a\u{0}b", "contains a NUL byte"),
        ("./a", "has a '.' component"),
    ])
    func refusesPathsThatDoNotNameAFileUnderTheRoot(path: String, problem: String) async throws {
        #expect(throws: HTTPError.self) { try WorkspacePath(parsing: path) }
        let harness = try await Harness.startWithFiles()
        for route in ["/files/list", "/files/content"] {
            let answer = try await harness.send(.get, "\(route)?path=\(Harness.query(path))")
            #expect(answer.status == 400)
            #expect(answer.errorCode == "invalid_path")
            #expect(answer.errorMessage?.contains(problem) == true, "\(answer.text)")
        }
        let put = try await harness.send(.put, "/files/content?path=\(Harness.query(path))", body: [1])
        #expect(put.status == 400)
        try await harness.stop()
    }

    @Test func symlinksMayLeadAnywhereInsideTheRootButNowhereOutside() async throws {
        let outside = try TemporaryDirectory(prefix: "swiftpod-outside")
        try "secret".write(toFile: outside.path + "/secret", atomically: false, encoding: .utf8)
        let harness = try await Harness.startWithFiles()
        let files = FileManager.default
        let root = harness.root
        try files.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try "inside".write(toFile: root + "/sub/a.txt", atomically: false, encoding: .utf8)
        try files.createSymbolicLink(atPath: root + "/out-file", withDestinationPath: outside.path + "/secret")
        try files.createSymbolicLink(atPath: root + "/out-dir", withDestinationPath: outside.path)
        try files.createSymbolicLink(atPath: root + "/sub/up-out", withDestinationPath: "../../..")
        try files.createSymbolicLink(atPath: root + "/inside", withDestinationPath: "sub/a.txt")
        try files.createSymbolicLink(atPath: root + "/inside-abs", withDestinationPath: root + "/sub")
        try files.createSymbolicLink(atPath: root + "/sub/up", withDestinationPath: "..")

        for path in ["out-file", "out-dir/secret", "sub/up-out/etc/passwd", "inside-abs/up/out-dir/secret"] {
            let answer = try await harness.send(.get, "/files/content?path=\(path)")
            #expect(answer.status == 403, "\(path): \(answer.text)")
            #expect(answer.errorCode == "outside_workspace")
            #expect(answer.errorMessage == "'\(path)' goes through a symlink that leads outside the workspace")
        }
        #expect(try await harness.send(.get, "/files/list?path=out-dir").status == 403)
        let write = try await harness.send(.put, "/files/content?path=out-dir/planted", body: Array("x".utf8))
        #expect(write.status == 403)
        #expect(!files.fileExists(atPath: outside.path + "/planted"))
        let overwrite = try await harness.send(.put, "/files/content?path=out-file", body: Array("x".utf8))
        #expect(overwrite.status == 403)
        #expect(try String(contentsOfFile: outside.path + "/secret", encoding: .utf8) == "secret")
        #expect(try await harness.send(.post, "/files/directory?path=out-dir/new").status == 403)

        for path in ["inside", "inside-abs/a.txt", "sub/up/sub/a.txt"] {
            let answer = try await harness.send(.get, "/files/content?path=\(path)")
            #expect(answer.status == 200, "\(path): \(answer.text)")
            #expect(answer.text == "inside")
        }
        let listed = try await harness.send(.get, "/files/list?path=inside-abs")
        #expect(
            (listed.object["entries"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                "a.txt", "up", "up-out",
            ])
        // Writing through a link inside the tree writes its target; the link stays.
        #expect(try await harness.send(.put, "/files/content?path=inside", body: Array("new".utf8)).status == 200)
        #expect(try String(contentsOfFile: root + "/sub/a.txt", encoding: .utf8) == "new")
        #expect(try files.destinationOfSymbolicLink(atPath: root + "/inside") == "sub/a.txt")
        // Deleting a link deletes the link, never what it points to.
        #expect(try await harness.send(.delete, "/files?path=out-dir").status == 204)
        #expect(try await harness.send(.delete, "/files?path=out-file").status == 204)
        #expect(files.fileExists(atPath: outside.path + "/secret"))
        #expect(!files.fileExists(atPath: root + "/out-file"))
        try await harness.stop()
    }

    @Test func listsDirectoriesFirstThenNamesAndStopsAt5000Entries() async throws {
        let harness = try await Harness.startWithFiles()
        let root = harness.root
        for name in ["b", "A", "a"] { try "12345".write(toFile: root + "/" + name, atomically: false, encoding: .utf8) }
        for name in ["z", "c"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: false)
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "c")
        let answer = try await harness.send(.get, "/files/list?path=")
        #expect(answer.status == 200)
        #expect(answer.object["path"] as? String == "")
        #expect(answer.object["truncated"] == nil)
        let entries = try #require(answer.object["entries"] as? [[String: Any]])
        #expect(entries.compactMap { $0["name"] as? String } == ["c", "z", "A", "a", "b", "link"])
        #expect(
            entries.compactMap { $0["type"] as? String } == [
                "directory", "directory", "file", "file", "file", "symlink",
            ])
        #expect(entries[2]["size"] as? Int == 5)
        let modified = try #require(entries[2]["modified"] as? String)
        #expect(abs(try Date.ISO8601FormatStyle().parse(modified).timeIntervalSinceNow) < 60)
        #expect(try await harness.send(.get, "/files/list?path=.").object["entries"] as? [[String: Any]] != nil)

        try FileManager.default.createDirectory(atPath: root + "/many", withIntermediateDirectories: false)
        for index in 0...WorkspaceFiles.maxListEntries {
            let descriptor = open(root + "/many/f\(index)", O_CREAT | O_WRONLY, 0o644)
            close(descriptor)
        }
        let many = try await harness.send(.get, "/files/list?path=many")
        #expect(many.object["truncated"] as? Bool == true)
        #expect((many.object["entries"] as? [[String: Any]])?.count == WorkspaceFiles.maxListEntries)
        let notDirectory = try await harness.send(.get, "/files/list?path=a")
        #expect(notDirectory.status == 400)
        #expect(notDirectory.errorMessage == "'a' is not a directory")
        #expect(try await harness.send(.get, "/files/list?path=nothing").status == 404)
        try await harness.stop()
    }

    @Test func writesAndReadsBackBinaryContentWithItsVersion() async throws {
        let harness = try await Harness.startWithFiles()
        let bytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) } + [0, 0xff, 0x0d, 0x0a]
        let created = try await harness.send(.put, "/files/content?path=..x", body: bytes)
        #expect(created.status == 201, "\(created.text)")
        let version = try #require(created.object["version"] as? String)
        #expect(created.object["path"] as? String == "..x")
        #expect(created.object["size"] as? Int == bytes.count)
        #expect(created.headers["ETag"] == "\"\(version)\"")
        let read = try await harness.send(.get, "/files/content?path=..x")
        #expect(read.status == 200)
        #expect(read.body == bytes)
        #expect(read.headers["Content-Type"] == "application/octet-stream")
        #expect(read.headers["ETag"] == "\"\(version)\"")
        var status = stat()
        #expect(stat(harness.root + "/..x", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o644)
        // A file's permissions survive a save.
        chmod(harness.root + "/..x", 0o755)
        let replaced = try await harness.send(.put, "/files/content?path=..x", body: [1, 2, 3])
        #expect(replaced.status == 200)
        #expect(replaced.object["version"] as? String != version)
        #expect(stat(harness.root + "/..x", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o755)
        // No temporary file stays behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.root) == ["..x"])
        let directory = try await harness.send(.get, "/files/content?path=")
        #expect(directory.status == 400)
        #expect(try await harness.send(.get, "/files/content?path=missing").status == 404)
        #expect(try await harness.send(.put, "/files/content?path=no/such/dir/file", body: [1]).status == 404)
        try await harness.stop()
    }

    @Test func aSaveOverAFileChangedOnDiskIsAConflict() async throws {
        let harness = try await Harness.startWithFiles()
        let path = harness.root + "/notes.txt"
        try "first".write(toFile: path, atomically: false, encoding: .utf8)
        let opened = try await harness.send(.get, "/files/content?path=notes.txt")
        let version = try #require(opened.headers["ETag"])
        try "changed elsewhere".write(toFile: path, atomically: false, encoding: .utf8)
        let stale = try await harness.send(
            .put, "/files/content?path=notes.txt", body: Array("mine".utf8), headers: ["If-Match": version])
        #expect(stale.status == 412)
        #expect(stale.errorCode == "conflict")
        #expect(stale.errorMessage?.contains("changed on disk since it was opened") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "changed elsewhere")

        let fresh = try #require(try await harness.send(.get, "/files/content?path=notes.txt").headers["ETag"])
        let saved = try await harness.send(
            .put, "/files/content?path=notes.txt", body: Array("mine".utf8), headers: ["If-Match": fresh])
        #expect(saved.status == 200)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
        // Saved twice from the same version: the second save is the stale one.
        let again = try await harness.send(
            .put, "/files/content?path=notes.txt", body: Array("again".utf8), headers: ["If-Match": fresh])
        #expect(again.status == 412)
        let next = try #require(saved.headers["ETag"])
        #expect(
            try await harness.send(
                .put, "/files/content?path=notes.txt", body: Array("again".utf8), headers: ["If-Match": next]
            ).status == 200)

        try FileManager.default.removeItem(atPath: path)
        let deleted = try await harness.send(
            .put, "/files/content?path=notes.txt", body: Array("x".utf8), headers: ["If-Match": next])
        #expect(deleted.status == 412)
        #expect(deleted.errorMessage == "'notes.txt' was deleted on disk since it was opened")

        let create = try await harness.send(
            .put, "/files/content?path=new.txt", body: Array("1".utf8), headers: ["If-None-Match": "*"])
        #expect(create.status == 201)
        let createAgain = try await harness.send(
            .put, "/files/content?path=new.txt", body: Array("2".utf8), headers: ["If-None-Match": "*"])
        #expect(createAgain.status == 412)
        #expect(createAgain.errorCode == "conflict")
        #expect(try String(contentsOfFile: harness.root + "/new.txt", encoding: .utf8) == "1")
        let badMatch = try await harness.send(
            .put, "/files/content?path=new.txt", body: [], headers: ["If-Match": "*"])
        #expect(badMatch.status == 400)
        try await harness.stop()
    }

    @Test func filesOverFiveMebibytesAreRefused() async throws {
        let harness = try await Harness.startWithFiles()
        let limit = WorkspaceFiles.maxFileBytes
        let exact = try await harness.send(
            .put, "/files/content?path=exact", body: [UInt8](repeating: 7, count: limit))
        #expect(exact.status == 201)
        #expect(try await harness.send(.get, "/files/content?path=exact").body.count == limit)
        let tooLarge = try await harness.send(
            .put, "/files/content?path=large", body: [UInt8](repeating: 7, count: limit + 1))
        #expect(tooLarge.status == 413)
        #expect(tooLarge.errorMessage == "'large' cannot be saved: the IDE saves files of up to 5 MiB")
        #expect(!FileManager.default.fileExists(atPath: harness.root + "/large"))
        try Data(count: limit + 1).write(to: URL(fileURLWithPath: harness.root + "/big"))
        let read = try await harness.send(.get, "/files/content?path=big")
        #expect(read.status == 413)
        #expect(read.errorMessage == "'big' has \(limit + 1) bytes; the IDE opens and saves files of up to 5 MiB")
        try await harness.stop()
    }

    @Test func makesRenamesAndDeletesWithClearErrors() async throws {
        let harness = try await Harness.startWithFiles()
        let root = harness.root
        let made = try await harness.send(.post, "/files/directory?path=src")
        #expect(made.status == 201)
        #expect(made.object["path"] as? String == "src")
        #expect(try await harness.send(.post, "/files/directory?path=src").status == 409)
        #expect(try await harness.send(.post, "/files/directory?path=").status == 409)
        let orphan = try await harness.send(.post, "/files/directory?path=no/parent")
        #expect(orphan.status == 404)
        #expect(try await harness.send(.put, "/files/content?path=src/a.txt", body: Array("a".utf8)).status == 201)
        #expect(try await harness.send(.put, "/files/content?path=b.txt", body: Array("b".utf8)).status == 201)

        func rename(_ from: String, _ to: String) async throws -> SupervisorHarness.Answer {
            try await harness.send(
                .post, "/files/rename", body: Array(#"{"from":"\#(from)","to":"\#(to)"}"#.utf8),
                headers: ["Content-Type": "application/json"])
        }
        let exists = try await rename("b.txt", "src/a.txt")
        #expect(exists.status == 409)
        #expect(exists.errorMessage == "'src/a.txt' already exists")
        #expect(try await rename("nothing", "x").status == 404)
        #expect(try await rename("src", "src/inner").status == 400)
        #expect(try await rename("../b.txt", "x").status == 400)
        #expect(try await rename("", "x").status == 400)
        let moved = try await rename("src", "lib")
        #expect(moved.status == 200)
        #expect(moved.object["to"] as? String == "lib")
        #expect(try String(contentsOfFile: root + "/lib/a.txt", encoding: .utf8) == "a")
        let missingBody = try await harness.send(.post, "/files/rename", body: Array("{}".utf8))
        #expect(missingBody.status == 400)

        let rootDelete = try await harness.send(.delete, "/files?path=.")
        #expect(rootDelete.status == 400)
        #expect(rootDelete.errorMessage == "the workspace's root cannot be deleted")
        #expect(try await harness.send(.delete, "/files?path=nothing").status == 404)
        try FileManager.default.createDirectory(atPath: root + "/lib/deep/er", withIntermediateDirectories: true)
        try "x".write(toFile: root + "/lib/deep/er/f", atomically: false, encoding: .utf8)
        #expect(try await harness.send(.delete, "/files?path=lib").status == 204)
        #expect(try await harness.send(.delete, "/files?path=b.txt").status == 204)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
        try await harness.stop()
    }

    @Test func filesAreReadAndWrittenAsTheWorkspaceUser() async throws {
        let nobody = try WorkspaceUser.lookUp("nobody")
        let harness = try await Harness.startWithFiles { options, _ in options.user = nobody }
        let root = harness.root
        guard geteuid() == 0 else {
            try await harness.stop()
            return
        }
        chown(root, nobody.uid, nobody.gid)
        let before = harness.supervisor.activity.lastActivity
        #expect(try await harness.send(.put, "/files/content?path=mine.txt", body: Array("m".utf8)).status == 201)
        #expect(harness.supervisor.activity.lastActivity >= before)
        #expect(try await harness.send(.post, "/files/directory?path=dir").status == 201)
        for name in ["mine.txt", "dir"] {
            var status = stat()
            #expect(stat(root + "/" + name, &status) == 0)
            #expect(status.st_uid == nobody.uid, "\(name)")
            #expect(status.st_gid == nobody.gid, "\(name)")
        }
        // What the user may not read or change, the IDE may not either.
        try "root's".write(toFile: root + "/private", atomically: false, encoding: .utf8)
        chmod(root + "/private", 0o600)
        let read = try await harness.send(.get, "/files/content?path=private")
        #expect(read.status == 403)
        #expect(read.errorCode == "permission_denied")
        try FileManager.default.createDirectory(atPath: root + "/locked", withIntermediateDirectories: false)
        #expect(try await harness.send(.put, "/files/content?path=locked/x", body: [1]).status == 403)
        try await harness.stop()
    }
}
