/// Why a YAML text could not be read: libyaml's problem and where it was found.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in libyaml's words or ours.
    public var problem: String
    /// What libyaml was reading when it went wrong (`while parsing a block mapping`), if it said.
    public var context: String?
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column of the problem.
    public var column: Int

    /// An error at the given position.
    public init(problem: String, context: String? = nil, line: Int, column: Int) {
        self.problem = problem
        self.context = context
        self.line = line
        self.column = column
    }

    /// `problem` followed by the context, if any: `did not find expected key (while parsing a block mapping)`.
    public var message: String {
        if let context { return "\(problem) (\(context))" }
        return problem
    }

    public var description: String { "\(line):\(column): \(message)" }
}
