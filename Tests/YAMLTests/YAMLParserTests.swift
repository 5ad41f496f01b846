import Testing
import YAML

@Suite struct YAMLParserTests {
    private func parse(_ text: String) throws -> YAMLNode {
        try #require(try YAMLParser.parse(text))
    }

    private func value(_ node: YAMLNode, _ key: String) -> YAMLNode? {
        node.mapping?.first { $0.key.scalar?.value == key }?.value
    }

    @Test func mappingKeepsOrderAndPositions() throws {
        let root = try parse("b: 1\na:\n  - x\n  - 'y'\n")
        let entries = try #require(root.mapping)
        #expect(entries.map { $0.key.scalar?.value } == ["b", "a"])
        #expect(entries[0].value.scalar == YAMLScalar("1"))
        let items = try #require(entries[1].value.sequence)
        #expect(items.map(\.line) == [3, 4])
        #expect(items.map(\.column) == [5, 5])
        #expect(items[1].scalar?.style == .singleQuoted)
        #expect((entries[1].key.line, entries[1].key.column) == (2, 1))
    }

    @Test func blockScalars() throws {
        let root = try parse("literal: |\n  one\n  two\nfolded: >\n  one\n  two\nkeep: |+\n  x\n\n")
        #expect(value(root, "literal")?.scalar == YAMLScalar("one\ntwo\n", style: .literal))
        #expect(value(root, "folded")?.scalar == YAMLScalar("one two\n", style: .folded))
        #expect(value(root, "keep")?.scalar?.value == "x\n\n")
    }

    @Test func flowStyleAndComments() throws {
        let root = try parse("# top\nports: [{port: 3000, onOpen: ignore}, 8080]  # trailing\nmap: {a: b}\n")
        let ports = try #require(value(root, "ports")?.sequence)
        #expect(ports.count == 2)
        #expect(value(ports[0], "port")?.scalar?.int == 3000)
        #expect(ports[1].scalar?.int == 8080)
        #expect(value(try #require(value(root, "map")), "a")?.scalar?.value == "b")
    }

    @Test func anchorsAndAliasesCopyTheNode() throws {
        let root = try parse("base: &b\n  x: 1\ncopy: *b\n")
        let copy = try #require(value(root, "copy"))
        #expect(copy.mapping == value(root, "base")?.mapping)
        #expect((copy.line, copy.column) == (3, 7))
    }

    @Test func mergeKeysLetExplicitKeysWin() throws {
        let root = try parse(
            """
            defaults: &d
              init: make
              command: run
            other: &o
              before: setup
            task:
              <<: [*d, *o]
              command: serve
            """)
        let task = try #require(value(root, "task"))
        #expect(task.mapping?.map { $0.key.scalar?.value } == ["command", "init", "before"])
        #expect(value(task, "command")?.scalar?.value == "serve")
        #expect(value(task, "init")?.scalar?.value == "make")
    }

    @Test func mergeKeyNeedsAMapping() {
        let error = YAMLError(problem: "a merge key '<<' takes a mapping or a sequence of mappings", line: 2, column: 7)
        #expect(throws: error) { try YAMLParser.parse("a:\n  <<: 3\n") }
    }

    @Test func unknownAliasIsAnError() {
        #expect(throws: YAMLError(problem: "unknown alias 'nope'", line: 1, column: 4)) {
            try YAMLParser.parse("a: *nope\n")
        }
    }

    @Test func syntaxErrorCarriesLibyamlsProblemAndPosition() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse("a: b\n c: d\n") }
        #expect(error.problem == "mapping values are not allowed in this context")
        #expect((error.line, error.column) == (2, 3))
        let unclosed = try #require(throws: YAMLError.self) { try YAMLParser.parse("a: [1, 2\n") }
        #expect(unclosed.context == "while parsing a flow sequence")
        #expect(unclosed.description.hasPrefix("2:1: did not find expected ',' or ']'"))
    }

    @Test func aliasBombStopsAtTheNodeLimit() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text, nodeLimit: 10_000) }
        #expect(error.problem == "the document expands to more than 10000 nodes (too many aliases?)")
        #expect(error.line == 4)
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let text = String(repeating: "[", count: 100_000)
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text) }
        #expect(error.problem == "nested more than 256 levels deep")
        #expect(try YAMLParser.parse(String(repeating: "- ", count: 200) + "x\n") != nil)
    }

    @Test func onlyTheFirstDocumentIsRead() throws {
        let root = try parse("---\na: 1\n---\nb: 2\n")
        #expect(root.mapping?.count == 1)
        #expect(value(root, "a") != nil)
    }

    @Test(arguments: ["", "# only a comment\n", "\n\n"])
    func noDocumentIsNil(text: String) throws {
        #expect(try YAMLParser.parse(text) == nil)
    }

    @Test func emptyDocumentIsANullScalar() throws {
        #expect(try parse("---\n").isNull)
    }

    @Test func scalarTypes() throws {
        #expect(YAMLScalar("8080").int == 8080)
        #expect(YAMLScalar("8080", style: .doubleQuoted).int == nil)
        #expect(YAMLScalar("true").bool == true)
        #expect(YAMLScalar("~").isNull)
        #expect(YAMLScalar("null", style: .singleQuoted).isNull == false)
        #expect(YAMLScalar("1.5").number == 1.5)
        let tagged = try parse("a: !!str 12\n")
        #expect(value(tagged, "a")?.scalar?.tag == "tag:yaml.org,2002:str")
    }
}
