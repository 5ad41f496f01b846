/// The values of a command's parameters after parsing, read back by the names the configuration declares.
///
/// Reading a name the command did not declare is a programming error and stops the program.
public struct ParsedArguments: Sendable {
    /// Where a parameter's value came from.
    public enum Source: Sendable, Equatable {
        case commandLine
        /// The named environment variable.
        case environment(String)
        case defaultValue
    }

    struct Entry: Sendable {
        var parameter: CommandParameter
        var values: [String]
        var source: Source
    }

    /// The names of the commands from the root to this one: `["swiftpod", "config", "validate"]`.
    public let commandPath: [String]
    let configuration: CommandConfiguration
    let entries: [String: Entry]

    init(commandPath: [String], configuration: CommandConfiguration, entries: [String: Entry]) {
        self.commandPath = commandPath
        self.configuration = configuration
        self.entries = entries
    }

    /// Whether the flag was given (on the command line or through its environment variable).
    public func flag(_ name: String) -> Bool {
        flagCount(name) > 0
    }

    /// How many times the flag was given: 3 for `-vvv`.
    public func flagCount(_ name: String) -> Int {
        let parameter = declared(name)
        precondition(parameter.kind == .flag, "'\(name)' is not a flag of '\(commandPath.joined(separator: " "))'")
        return entries[name]?.values.count ?? 0
    }

    /// The option's or argument's value: the last one given, else the environment's, else the default.
    public func string(_ name: String) -> String? {
        declared(name)
        return entries[name]?.values.last
    }

    /// Every value of a repeatable option or argument, in command-line order.
    public func strings(_ name: String) -> [String] {
        declared(name)
        return entries[name]?.values ?? []
    }

    /// The value as an integer, or nil when there is none.
    /// - Throws: `CommandLineError.invalidValue` naming the option when the text is not an integer.
    public func int(_ name: String) throws -> Int? {
        try value(name, as: Int.self)
    }

    /// The value converted to `type`, or nil when there is none.
    /// - Throws: `CommandLineError.invalidValue` naming the option and what was expected.
    public func value<Value: ArgumentValue>(_ name: String, as type: Value.Type = Value.self) throws -> Value? {
        try value(name, expected: Value.expectedValue) { Value(argument: $0) }
    }

    /// Every value converted to `type`.
    /// - Throws: `CommandLineError.invalidValue` for the first value that does not convert.
    public func values<Value: ArgumentValue>(_ name: String, as type: Value.Type = Value.self) throws -> [Value] {
        try strings(name).map { try convert($0, name: name, expected: Value.expectedValue) { Value(argument: $0) } }
    }

    /// The value converted by `transform`, for types that are not `ArgumentValue`.
    /// - Parameters:
    ///   - name: the option or argument.
    ///   - expected: what would have been accepted, completing "expected …": `logfmt or json`.
    ///   - transform: converts the text, returning nil when it does not fit.
    public func value<Value>(
        _ name: String, expected: String, _ transform: (String) -> Value?
    ) throws -> Value? {
        guard let text = string(name) else { return nil }
        return try convert(text, name: name, expected: expected, transform)
    }

    /// The value, which must be present.
    /// - Throws: `CommandLineError.missingOption` (or `missingArgument`) when there is none.
    public func required(_ name: String) throws -> String {
        try required(name, as: String.self)
    }

    /// The value converted to `type`, which must be present.
    /// - Throws: `CommandLineError.missingOption` when there is none, `invalidValue` when it does not convert.
    public func required<Value: ArgumentValue>(_ name: String, as type: Value.Type) throws -> Value {
        guard let value = try value(name, as: type) else {
            let parameter = declared(name)
            if parameter.kind == .argument { throw CommandLineError.missingArgument(name) }
            throw CommandLineError.missingOption("--\(name)", environmentVariable: parameter.environmentVariable)
        }
        return value
    }

    /// Where the value came from, or nil when there is none.
    public func source(of name: String) -> Source? {
        declared(name)
        return entries[name]?.source
    }

    private func convert<Value>(
        _ text: String, name: String, expected: String, _ transform: (String) -> Value?
    ) throws -> Value {
        if let value = transform(text) { return value }
        var variable: String?
        if case .environment(let name) = entries[name]?.source { variable = name }
        throw CommandLineError.invalidValue(
            text, for: declared(name).displayName, environmentVariable: variable, expected: expected)
    }

    @discardableResult
    private func declared(_ name: String) -> CommandParameter {
        guard let parameter = configuration.parameter(named: name) else {
            preconditionFailure("'\(name)' is not declared by '\(commandPath.joined(separator: " "))'")
        }
        return parameter
    }
}
