import HTTPServer

/// A path the browser IDE names under the workspace's root: relative, `/`-separated, "" or "." for the root itself.
///
/// Only its form is checked here; where it leads (symlinks out of the root) is checked as it is resolved.
public struct WorkspacePath: Sendable, Equatable, CustomStringConvertible {
    /// The components, none empty, `.` or `..`; empty for the root.
    public var components: [String]

    /// Reads `text`.
    /// - Throws: `HTTPError` 400 naming what is wrong: an absolute path, a NUL byte, an empty, `.` or `..`
    ///   component.
    public init(parsing text: String) throws {
        if text.isEmpty || text == "." {
            components = []
            return
        }
        guard !text.utf8.contains(0) else {
            throw HTTPError(.badRequest, code: "invalid_path", message: "the path '\(text)' contains a NUL byte")
        }
        guard !text.hasPrefix("/") else {
            throw HTTPError(
                .badRequest, code: "invalid_path",
                message: "the path '\(text)' is absolute: name it relative to the workspace's root")
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts {
            if part.isEmpty {
                throw HTTPError(
                    .badRequest, code: "invalid_path", message: "the path '\(text)' has an empty component")
            }
            if part == "." || part == ".." {
                throw HTTPError(
                    .badRequest, code: "invalid_path",
                    message: "the path '\(text)' has a '\(part)' component: name the file by its path from the root")
            }
        }
        components = parts
    }

    public init(components: [String]) {
        self.components = components
    }

    /// The path as the IDE names it; "" for the root.
    public var description: String { components.joined(separator: "/") }

    /// Whether this is the root itself.
    public var isRoot: Bool { components.isEmpty }

    /// The directory holding this path (the root for a top-level name).
    var parent: WorkspacePath { WorkspacePath(components: Array(components.dropLast())) }

    /// Whether `self` is `other` or lies inside it.
    func isWithin(_ other: WorkspacePath) -> Bool {
        components.count >= other.components.count
            && Array(components.prefix(other.components.count)) == other.components
    }
}
