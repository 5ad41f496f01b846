/// `NAME=VALUE` from a command line: a shell variable name (a letter or `_`, then letters, digits and `_`), the
/// first `=`, and the value, which may be empty and may hold further `=`.
struct EnvironmentAssignment: Sendable, Equatable {
    var name: String
    var value: String

    init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// - Throws: `ValidationError`-style `ClientCommandError` saying what is wrong with `text`.
    init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw EnvironmentAssignmentError("'\(text)' is not an assignment: expected NAME=VALUE")
        }
        let name = String(text[..<equals])
        try Self.checkName(name)
        self.name = name
        value = String(text[text.index(after: equals)...])
    }

    /// Checks a variable name.
    /// - Throws: `EnvironmentAssignmentError` naming the bad name.
    static func checkName(_ name: String) throws {
        guard let first = name.unicodeScalars.first else {
            throw EnvironmentAssignmentError("the variable name is empty: expected NAME=VALUE")
        }
        let valid =
            (first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first))
            && name.unicodeScalars.allSatisfy {
                $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
            }
        guard valid else {
            throw EnvironmentAssignmentError(
                "'\(name)' is not a variable name: use letters, digits and '_', not starting with a digit")
        }
    }
}

/// A `NAME=VALUE` that does not parse.
struct EnvironmentAssignmentError: Error, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
