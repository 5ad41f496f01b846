import Testing

@testable import Content

/// The canonical form of an archive entry's path, and the directories it goes through.
@Suite struct EntryPathTests {
    @Test(arguments: [
        ("a/b/c", "a/b/c"), ("./a//b/./c/", "a/b/c"), (".", ""), ("./", ""), ("a", "a"), ("x/.../y", "x/.../y"),
    ])
    func pathsBecomeCanonical(_ raw: String, _ canonical: String) throws {
        let path = try EntryPath(Array(raw.utf8))
        #expect(path.bytes == Array(canonical.utf8))
        #expect(path.isRoot == canonical.isEmpty)
        #expect(path == (try EntryPath(Array(canonical.utf8))))
        #expect(path.hashValue == (try EntryPath(Array(canonical.utf8))).hashValue)
    }

    @Test func absolutePathsAndParentComponentsAreRefused() {
        #expect(throws: EntryPath.Refusal.absolute) { try EntryPath(Array("/etc/passwd".utf8)) }
        #expect(throws: EntryPath.Refusal.parentComponent) { try EntryPath(Array("a/../b".utf8)) }
        #expect(throws: EntryPath.Refusal.parentComponent) { try EntryPath(Array("..".utf8)) }
    }

    @Test func theDirectoriesOnThePathComeOutermostFirstAndAreHashedAsPathsOfThemWouldBe() throws {
        let path = try EntryPath(Array("./one//two/three/file".utf8))
        var seen: [String] = []
        let none = path.firstAncestor { directory in
            seen.append(String(decoding: directory, as: UTF8.self))
            #expect(
                EntryPath.hashValue(of: directory)
                    == (try? EntryPath(Array(directory)))?.hashValue)
            return false
        }
        #expect(none == nil)
        #expect(seen == ["one", "one/two", "one/two/three"])
        let found = try #require(path.firstAncestor { String(decoding: $0, as: UTF8.self) == "one/two" })
        #expect(path.prefix(found).description == "one/two")
        #expect(try EntryPath(Array("file".utf8)).firstAncestor { _ in true } == nil)
    }
}
