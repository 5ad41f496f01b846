import Basics
import YAML

/// Reads typed values out of a `YAMLNode` tree, collecting every problem with its position instead of stopping.
///
/// Scalars are read the way Gitpod reads them: a string property takes any scalar as written (`8080`, `true`), and
/// a null value (`key:` with nothing after it) counts as not set.
struct NodeReader {
    /// The file named in diagnostics.
    let file: String
    /// Everything found so far, in the order found.
    private(set) var diagnostics: [ConfigDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    mutating func error(_ message: String, at node: YAMLNode) {
        diagnostics.append(
            ConfigDiagnostic(severity: .error, file: file, line: node.line, column: node.column, message: message))
    }

    mutating func warning(_ message: String, at node: YAMLNode) {
        diagnostics.append(
            ConfigDiagnostic(severity: .warning, file: file, line: node.line, column: node.column, message: message))
    }

    /// The diagnostics in file order.
    var sortedDiagnostics: [ConfigDiagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
    }

    /// What a node is, for "must be a string, not a sequence" messages.
    static func kind(of node: YAMLNode) -> String {
        switch node.content {
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            if scalar.isNull { return "null" }
            if scalar.style == .plain, scalar.bool != nil { return "a boolean ('\(scalar.value)')" }
            if scalar.style == .plain, scalar.number != nil { return "a number ('\(scalar.value)')" }
            return "a string ('\(scalar.value)')"
        }
    }

    // MARK: Mappings

    /// The entries of a mapping keyed by their text, after reporting keys outside `allowed`, duplicate keys and
    /// keys that are not scalars. Returns nil (after an error) when the node is not a mapping.
    /// - Parameters:
    ///   - path: how the mapping is named in messages (`tasks[0]`, or `the top level`).
    ///   - unknownKeysAreErrors: false where the format tolerates extra keys (they become warnings).
    mutating func mapping(
        _ node: YAMLNode, path: String, allowed: [String]?, unknownKeysAreErrors: Bool = true,
        unknownKeyNote: String = ""
    ) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)]? {
        guard let entries = node.mapping else {
            error("\(path) must be a mapping, not \(Self.kind(of: node))", at: node)
            return nil
        }
        var result: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        var firstSeen: [String: YAMLNode] = [:]
        for entry in entries {
            guard let key = entry.key.scalar?.value else {
                error("a key in \(path) must be a scalar, not \(Self.kind(of: entry.key))", at: entry.key)
                continue
            }
            if let first = firstSeen[key] {
                error(
                    "duplicate key '\(key)' in \(path) (first at \(first.line):\(first.column))", at: entry.key)
                continue
            }
            firstSeen[key] = entry.key
            if let allowed, !allowed.contains(key) {
                let message = "unknown key '\(key)' in \(path)" + Self.hint(for: key, allowed: allowed)
                if unknownKeysAreErrors {
                    error(message, at: entry.key)
                } else {
                    warning(message + unknownKeyNote, at: entry.key)
                }
                continue
            }
            result.append((key, entry.key, entry.value))
        }
        return result
    }

    // MARK: Scalars

    /// Any non-null scalar as written; an error for sequences and mappings.
    mutating func string(_ node: YAMLNode, path: String) -> String? {
        guard let scalar = node.scalar else {
            error("\(path) must be a string, not \(Self.kind(of: node))", at: node)
            return nil
        }
        return scalar.isNull ? nil : scalar.value
    }

    /// A plain `true` or `false`.
    mutating func bool(_ node: YAMLNode, path: String) -> Bool? {
        if node.isNull { return nil }
        guard let value = node.scalar?.bool else {
            error("\(path) must be a boolean (true or false), not \(Self.kind(of: node))", at: node)
            return nil
        }
        return value
    }

    /// A plain number.
    mutating func number(_ node: YAMLNode, path: String) -> Double? {
        if node.isNull { return nil }
        guard let value = node.scalar?.number else {
            error("\(path) must be a number, not \(Self.kind(of: node))", at: node)
            return nil
        }
        return value
    }

    /// One of an enumeration's raw values.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, path: String, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let text = string(node, path: path) else { return nil }
        if let value = Choice(rawValue: text) { return value }
        let allowed = Choice.allCases.map(\.rawValue)
        error("invalid value '\(text)' for \(path)" + Self.hint(for: text, allowed: allowed), at: node)
        return nil
    }

    /// `; did you mean 'command'? allowed: name, before, ...`, or `; allowed: ...` when nothing is close.
    static func hint(for word: String, allowed: [String]) -> String {
        let list = "allowed: " + allowed.joined(separator: ", ")
        if let suggestion = Suggestion.closest(to: word, in: allowed) {
            return "; did you mean '\(suggestion)'? " + list
        }
        return "; " + list
    }

    // MARK: Collections

    /// The items of a sequence; an error for anything else but null.
    mutating func sequence(_ node: YAMLNode, path: String) -> [YAMLNode]? {
        if node.isNull { return nil }
        guard let items = node.sequence else {
            error("\(path) must be a sequence, not \(Self.kind(of: node))", at: node)
            return nil
        }
        return items
    }

    /// A sequence of strings.
    mutating func strings(_ node: YAMLNode, path: String) -> [String] {
        guard let items = sequence(node, path: path) else { return [] }
        return items.enumerated().compactMap { index, item in string(item, path: "\(path)[\(index)]") }
    }

    /// A mapping of names to scalar values, such as `env` (numbers and booleans are kept as written).
    mutating func stringMap(_ node: YAMLNode, path: String) -> [String: String] {
        if node.isNull { return [:] }
        guard let entries = mapping(node, path: path, allowed: nil) else { return [:] }
        var result: [String: String] = [:]
        for entry in entries {
            if let value = string(entry.value, path: "\(path).\(entry.key)") {
                result[entry.key] = value
            }
        }
        return result
    }
}
