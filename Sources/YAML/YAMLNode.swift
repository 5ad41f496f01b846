/// A node of a YAML document: a scalar, a sequence or a mapping, with where it starts in the text.
public struct YAMLNode: Sendable, Equatable {
    /// What the node holds.
    public enum Content: Sendable, Equatable {
        /// A scalar: text with its tag and style.
        case scalar(YAMLScalar)
        /// A sequence, in order.
        case sequence([YAMLNode])
        /// A mapping, keys in the order written (merged keys after them).
        case mapping([YAMLMappingEntry])
    }

    /// What the node holds.
    public var content: Content
    /// The 1-based line where the node starts.
    public var line: Int
    /// The 1-based column where the node starts.
    public var column: Int

    /// A node at the given position.
    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// The scalar, if the node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, if the node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, if the node is a mapping.
    public var mapping: [YAMLMappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// Whether the node is a null scalar (`~`, `null`, or nothing at all).
    public var isNull: Bool { scalar?.isNull ?? false }

    /// How many nodes the tree holds, this one included.
    public var nodeCount: Int {
        switch content {
        case .scalar: 1
        case .sequence(let items): items.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let entries): entries.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }
}

/// One key and its value in a mapping.
public struct YAMLMappingEntry: Sendable, Equatable {
    /// The key, most often a plain scalar.
    public var key: YAMLNode
    /// The value.
    public var value: YAMLNode

    /// An entry.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar's text, tag and style.
public struct YAMLScalar: Sendable, Equatable {
    /// How the scalar was written.
    public enum Style: Sendable, Equatable {
        case plain
        case singleQuoted
        case doubleQuoted
        /// A literal block scalar (`|`).
        case literal
        /// A folded block scalar (`>`).
        case folded
    }

    /// The text, after unescaping and folding.
    public var value: String
    /// The explicit tag (`tag:yaml.org,2002:str` for `!!str`), or nil.
    public var tag: String?
    /// How the scalar was written.
    public var style: Style

    /// A scalar.
    public init(_ value: String, tag: String? = nil, style: Style = .plain) {
        self.value = value
        self.tag = tag
        self.style = style
    }

    /// Whether the scalar means null: plain `~`, `null` or empty text, or the `!!null` tag.
    public var isNull: Bool {
        if tag == "tag:yaml.org,2002:null" { return true }
        guard style == .plain, tag == nil else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// The boolean a plain scalar means (YAML 1.2 core schema: `true`, `false` and their capitalized forms).
    public var bool: Bool? {
        guard style == .plain || tag == "tag:yaml.org,2002:bool" else { return nil }
        switch value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The integer a plain scalar means (decimal, optionally signed).
    public var int: Int? {
        guard style == .plain || tag == "tag:yaml.org,2002:int" else { return nil }
        return Int(value)
    }

    /// The number a plain scalar means (integers and decimals).
    public var number: Double? {
        guard style == .plain || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:int" else {
            return nil
        }
        guard let first = value.first, first.isNumber || first == "-" || first == "+" || first == "." else {
            return nil
        }
        return Double(value)
    }
}
