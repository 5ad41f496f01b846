/// The label set of one series, sorted by label name so that equal sets compare, hash and render alike.
struct MetricLabels: Hashable, Comparable, Sendable {
    struct Label: Hashable, Comparable, Sendable {
        var name: String
        var value: String

        static func < (lhs: Label, rhs: Label) -> Bool {
            (lhs.name, lhs.value) < (rhs.name, rhs.value)
        }
    }

    let labels: [Label]

    init(_ dictionary: [String: String]) {
        labels = dictionary.map { Label(name: $0.key, value: $0.value) }.sorted()
    }

    init(labels: [Label]) {
        self.labels = labels
    }

    static func < (lhs: MetricLabels, rhs: MetricLabels) -> Bool {
        lhs.labels.lexicographicallyPrecedes(rhs.labels)
    }

    /// `{code="200",route="/api"}`, with one more label appended (histograms' `le`), or nothing when empty.
    func rendered(appending extra: Label? = nil) -> String {
        let all = extra.map { labels + [$0] } ?? labels
        guard !all.isEmpty else { return "" }
        return "{" + all.map { "\($0.name)=\"\(MetricLabels.escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// A label value with backslashes, double quotes and newlines escaped.
    static func escape(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `name` is a valid label name: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved).
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !name.hasPrefix("__") else { return false }
        return isLetterOrUnderscore(first) && name.utf8.allSatisfy { isLetterOrUnderscore($0) || isDigit($0) }
    }

    /// Whether `name` is a valid metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        let colon = UInt8(ascii: ":")
        return (isLetterOrUnderscore(first) || first == colon)
            && name.utf8.allSatisfy { isLetterOrUnderscore($0) || isDigit($0) || $0 == colon }
    }

    private static func isLetterOrUnderscore(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
