/// A command line the parser could not understand, with a message that names the word at fault.
///
/// The runner prints the message with a pointer to `--help` and exits with 64 (`EX_USAGE`). Compare errors by `code`;
/// new codes may be added.
public struct CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of mistake, for tests and callers that react to one kind.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case unknownOption, unknownSubcommand, missingValue, unexpectedValue, missingArgument, unexpectedArgument,
                invalidValue, missingOption, helpRequested
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// An option or flag the command does not declare.
        public static let unknownOption = Code(.unknownOption)
        /// A subcommand name the command does not have.
        public static let unknownSubcommand = Code(.unknownSubcommand)
        /// An option at the end of the line, or followed by another option, without its value.
        public static let missingValue = Code(.missingValue)
        /// A value given to a flag (`--json=yes`).
        public static let unexpectedValue = Code(.unexpectedValue)
        /// A required positional argument left out.
        public static let missingArgument = Code(.missingArgument)
        /// More positional values than the command takes.
        public static let unexpectedArgument = Code(.unexpectedArgument)
        /// A value that does not convert to the type the command asked for.
        public static let invalidValue = Code(.invalidValue)
        /// An option the command requires that was given neither on the command line nor in the environment.
        public static let missingOption = Code(.missingOption)
        /// `--help` was given where a parsed command was expected (`Command.parse(_:)`).
        public static let helpRequested = Code(.helpRequested)

        public var description: String { kind.rawValue }
    }

    /// The kind of mistake.
    public var code: Code
    /// What is wrong, naming the option, argument or subcommand.
    public var message: String

    /// An error of kind `code`; prefer the static factories, which word messages consistently.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// `unknown option '--lisen'; did you mean '--listen'?`
    public static func unknownOption(_ option: String, suggestion: String? = nil) -> CommandLineError {
        CommandLineError(code: .unknownOption, message: "unknown option '\(option)'" + didYouMean(suggestion))
    }

    /// `unknown subcommand 'sever'; did you mean 'server'?`
    public static func unknownSubcommand(_ name: String, suggestion: String? = nil) -> CommandLineError {
        CommandLineError(code: .unknownSubcommand, message: "unknown subcommand '\(name)'" + didYouMean(suggestion))
    }

    /// `missing value for option '--listen'`
    public static func missingValue(forOption option: String) -> CommandLineError {
        CommandLineError(code: .missingValue, message: "missing value for option '\(option)'")
    }

    /// `option '--json' does not take a value`
    public static func unexpectedValue(forFlag flag: String) -> CommandLineError {
        CommandLineError(code: .unexpectedValue, message: "option '\(flag)' does not take a value")
    }

    /// `missing argument <path>`
    public static func missingArgument(_ name: String) -> CommandLineError {
        CommandLineError(code: .missingArgument, message: "missing argument <\(name)>")
    }

    /// `unexpected argument 'extra'`
    public static func unexpectedArgument(_ value: String) -> CommandLineError {
        CommandLineError(code: .unexpectedArgument, message: "unexpected argument '\(value)'")
    }

    /// `invalid value 'abc' for '--port': expected an integer`, naming the environment variable when the value
    /// came from one.
    /// - Parameters:
    ///   - value: the text that did not convert.
    ///   - parameter: how the parameter is shown, `'--port'` or `<count>`.
    ///   - environmentVariable: the variable the value came from, if it did not come from the command line.
    ///   - expected: what would have been accepted, `an integer`.
    public static func invalidValue(
        _ value: String, for parameter: String, environmentVariable: String? = nil, expected: String
    ) -> CommandLineError {
        let origin = environmentVariable.map { " (from \($0))" } ?? ""
        return CommandLineError(
            code: .invalidValue, message: "invalid value '\(value)' for \(parameter)\(origin): expected \(expected)")
    }

    /// `missing option '--token' (or environment variable SWIFTPOD_TOKEN)`
    public static func missingOption(_ option: String, environmentVariable: String? = nil) -> CommandLineError {
        let alternative = environmentVariable.map { " (or environment variable \($0))" } ?? ""
        return CommandLineError(code: .missingOption, message: "missing option '\(option)'\(alternative)")
    }

    /// `help requested for 'server'`
    public static func helpRequested(commandName: String) -> CommandLineError {
        CommandLineError(code: .helpRequested, message: "help requested for '\(commandName)'")
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
