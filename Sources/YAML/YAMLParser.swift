import CYAML

/// Reads a YAML text into a `YAMLNode` tree; the only code that touches libyaml.
///
/// Aliases become copies of their anchored node; merge keys (`<<`) are applied; only the first document is read.
/// Not `Sendable`: a parser owns a libyaml handle and is used by one caller, once.
public final class YAMLParser {
    /// The most nodes a document may expand to, aliases counted at their full size (stops alias bombs).
    public let nodeLimit: Int
    /// The deepest nesting of sequences and mappings allowed (the tree is built recursively).
    public static let depthLimit = 256

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var anchors: [String: YAMLNode] = [:]
    private var nodeCount = 0
    private var depth = 0

    /// A parser over the text.
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - nodeLimit: the most nodes the document may expand to.
    public init(_ text: String, nodeLimit: Int = 100_000) {
        self.nodeLimit = nodeLimit
        let bytes = Array(text.utf8)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// Reads a YAML text: the first document's root node, or nil when the text holds no document.
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - nodeLimit: the most nodes the document may expand to.
    public static func parse(_ text: String, nodeLimit: Int = 100_000) throws(YAMLError) -> YAMLNode? {
        try YAMLParser(text, nodeLimit: nodeLimit).parseFirstDocument()
    }

    /// Reads the first document's root node, or nil when the text holds no document.
    public func parseFirstDocument() throws(YAMLError) -> YAMLNode? {
        while true {
            let event = try nextEvent()
            switch event.kind {
            case .streamEnd: return nil
            case .documentStart: return try parseNode(after: try nextEvent())
            default: continue
            }
        }
    }

    // MARK: Building the tree

    private func parseNode(after event: Event) throws(YAMLError) -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.depthLimit {
            throw YAMLError(
                problem: "nested more than \(Self.depthLimit) levels deep", line: event.line, column: event.column)
        }
        let node: YAMLNode
        switch event.kind {
        case .scalar(let scalar):
            node = YAMLNode(.scalar(scalar), line: event.line, column: event.column)
            try count(1, at: event)
        case .alias(let name):
            guard let anchored = anchors[name] else {
                throw YAMLError(problem: "unknown alias '\(name)'", line: event.line, column: event.column)
            }
            try count(anchored.nodeCount, at: event)
            node = YAMLNode(anchored.content, line: event.line, column: event.column)
        case .sequenceStart:
            try count(1, at: event)
            var items: [YAMLNode] = []
            while true {
                let next = try nextEvent()
                if case .sequenceEnd = next.kind { break }
                items.append(try parseNode(after: next))
            }
            node = YAMLNode(.sequence(items), line: event.line, column: event.column)
        case .mappingStart:
            try count(1, at: event)
            node = YAMLNode(.mapping(try parseMappingEntries()), line: event.line, column: event.column)
        default:
            throw YAMLError(problem: "unexpected event", line: event.line, column: event.column)
        }
        if let anchor = event.anchor {
            anchors[anchor] = node
        }
        return node
    }

    private func parseMappingEntries() throws(YAMLError) -> [YAMLMappingEntry] {
        var entries: [YAMLMappingEntry] = []
        var merged: [YAMLMappingEntry] = []
        while true {
            let next = try nextEvent()
            if case .mappingEnd = next.kind { break }
            let key = try parseNode(after: next)
            let value = try parseNode(after: try nextEvent())
            if let scalar = key.scalar, scalar.value == "<<", scalar.style == .plain {
                merged += try mergeEntries(from: value)
            } else {
                entries.append(YAMLMappingEntry(key: key, value: value))
            }
        }
        // Keys written in the mapping win over merged ones; earlier merged mappings win over later ones.
        var seen = Set(entries.compactMap { $0.key.scalar?.value })
        for entry in merged {
            guard let name = entry.key.scalar?.value else { continue }
            if seen.insert(name).inserted {
                entries.append(entry)
            }
        }
        return entries
    }

    private func mergeEntries(from value: YAMLNode) throws(YAMLError) -> [YAMLMappingEntry] {
        switch value.content {
        case .mapping(let entries):
            return entries
        case .sequence(let items):
            var entries: [YAMLMappingEntry] = []
            for item in items {
                guard let mapping = item.mapping else {
                    throw YAMLError(
                        problem: "a merge key '<<' takes a mapping or a sequence of mappings", line: item.line,
                        column: item.column)
                }
                entries += mapping
            }
            return entries
        case .scalar:
            throw YAMLError(
                problem: "a merge key '<<' takes a mapping or a sequence of mappings", line: value.line,
                column: value.column)
        }
    }

    private func count(_ nodes: Int, at event: Event) throws(YAMLError) {
        nodeCount += nodes
        if nodeCount > nodeLimit {
            throw YAMLError(
                problem: "the document expands to more than \(nodeLimit) nodes (too many aliases?)", line: event.line,
                column: event.column)
        }
    }

    // MARK: libyaml events

    private struct Event {
        enum Kind {
            case streamStart, streamEnd, documentStart, documentEnd
            case scalar(YAMLScalar)
            case alias(String)
            case sequenceStart, sequenceEnd, mappingStart, mappingEnd
        }

        var kind: Kind
        var anchor: String?
        var line: Int
        var column: Int
    }

    private func nextEvent() throws(YAMLError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            throw parserError()
        }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        var anchor: String?
        let kind: Event.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT: kind = .alias(Self.string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = data.value.map { pointer in
                String(decoding: UnsafeBufferPointer(start: pointer, count: data.length), as: UTF8.self)
            }
            anchor = Self.string(data.anchor)
            kind = .scalar(
                YAMLScalar(value ?? "", tag: Self.string(data.tag), style: Self.style(data.style)))
        case YAML_SEQUENCE_START_EVENT:
            anchor = Self.string(event.data.sequence_start.anchor)
            kind = .sequenceStart
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            anchor = Self.string(event.data.mapping_start.anchor)
            kind = .mappingStart
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: kind = .streamEnd
        }
        return Event(kind: kind, anchor: anchor, line: line, column: column)
    }

    private func parserError() -> YAMLError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let context = parser.pointee.context.map { String(cString: $0) }
        let mark = parser.pointee.problem_mark
        return YAMLError(problem: problem, context: context, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
