/// An ordered list of header fields. Names compare case-insensitively (ASCII); order and repeats are kept.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)

    @usableFromInline var fields: [Element]

    public init() { fields = [] }

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    /// The first value of the field `name`, or nil.
    public subscript(name: String) -> String? {
        for field in fields where HTTPHeaders.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPHeaders.namesEqual($0.name, name) }.map(\.value)
    }

    /// The comma-separated list elements of every `name` field, trimmed, empty elements dropped (RFC 9110 §5.6.1).
    public func listElements(_ name: String) -> [String] {
        values(name).flatMap { value in
            value.split(separator: ",").map { $0.trimmingHTTPWhitespace() }.filter { !$0.isEmpty }
        }
    }

    /// The media type of `Content-Type`, lowercased and without its parameters (`application/json` for
    /// `Application/JSON; charset=utf-8`); nil without the field.
    public var mediaType: String? {
        self["Content-Type"].map {
            ($0.split(separator: ";", maxSplits: 1).first ?? "").trimmingHTTPWhitespace().lowercased()
        }
    }

    /// Whether the comma-separated list in `name` holds `token`, compared case-insensitively.
    public func containsToken(_ token: String, in name: String) -> Bool {
        listElements(name).contains { HTTPHeaders.namesEqual($0, token) }
    }

    /// Whether a field `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { HTTPHeaders.namesEqual($0.name, name) }
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every `name` field by one with `value`.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        fields.append((name: name, value: value))
    }

    /// Removes every `name` field.
    public mutating func remove(name: String) {
        fields.removeAll { HTTPHeaders.namesEqual($0.name, name) }
    }

    /// Removes the fields for which `shouldRemove` is true.
    public mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        fields.removeAll(where: shouldRemove)
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive equality of two header names or tokens.
    @inlinable
    public static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        if lhs == rhs { return true }
        var left = lhs
        var right = rhs
        return left.withUTF8 { a in
            right.withUTF8 { b in
                for index in 0..<a.count where a[index] != b[index] {
                    let lowerA = (a[index] >= 65 && a[index] <= 90) ? a[index] | 0x20 : a[index]
                    let lowerB = (b[index] >= 65 && b[index] <= 90) ? b[index] | 0x20 : b[index]
                    if lowerA != lowerB { return false }
                }
                return true
            }
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    public func trimmingHTTPWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
