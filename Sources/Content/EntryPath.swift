/// An archive entry's path, checked to stay inside the extraction root and written in one canonical form.
///
/// Paths are bytes: names that are not UTF-8 are kept as they are.
struct EntryPath: Hashable {
    /// The path's components, without empty and "." ones; empty for the root itself.
    let components: [[UInt8]]

    /// Why a path was refused.
    enum Refusal: Error {
        case absolute
        case parentComponent
    }

    private static let slash = UInt8(ascii: "/")

    /// Checks `bytes`: refuses absolute paths and `..` components.
    init(_ bytes: [UInt8]) throws(Refusal) {
        if bytes.first == Self.slash { throw .absolute }
        var components: [[UInt8]] = []
        for component in bytes.split(separator: Self.slash, omittingEmptySubsequences: true) {
            if component.elementsEqual([UInt8(ascii: ".")]) { continue }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) { throw .parentComponent }
            components.append(Array(component))
        }
        self.components = components
    }

    private init(components: [[UInt8]]) { self.components = components }

    /// Whether this is the root of the extraction.
    var isRoot: Bool { components.isEmpty }

    /// The path in canonical form: components joined by "/".
    var bytes: [UInt8] { Array(components.joined(separator: [Self.slash])) }

    /// The directories this path goes through, outermost first (the path itself is not one of them).
    var ancestors: [EntryPath] {
        guard components.count > 1 else { return [] }
        return (1..<components.count).map { EntryPath(components: Array(components[0..<$0])) }
    }

    /// The path for messages (bytes that are not UTF-8 are replaced).
    var description: String { String(decoding: bytes, as: UTF8.self) }
}
