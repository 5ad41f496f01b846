/// One option, flag or positional argument a command declares.
///
/// Commands list their parameters in `CommandConfiguration.parameters`, built with the static factories:
///
/// ```swift
/// parameters: [
///     .option("listen", short: "l", valueName: "address", default: "127.0.0.1:8080",
///             environmentVariable: "SWIFTPOD_LISTEN", help: "Where the server listens."),
///     .flag("json", help: "Prints JSON instead of text."),
///     .argument("path", help: "The configuration file."),
/// ]
/// ```
///
/// Values are read back by name from `ParsedArguments`. On the command line a value comes first from the arguments,
/// then from the environment variable (an empty variable counts as unset), then from the default.
public struct CommandParameter: Sendable, Equatable {
    /// What sort of parameter this is.
    public enum Kind: Sendable, Equatable {
        /// `--name value`, `--name=value` or `-n value`.
        case option
        /// `--name` or `-n`, with no value; counted when repeated.
        case flag
        /// A positional argument, matched by its place on the command line.
        case argument
    }

    /// Whether this is an option, a flag or a positional argument.
    public var kind: Kind
    /// The long name without dashes (`listen` for `--listen`), or the argument's name (`path` for `<path>`).
    public var name: String
    /// The one-letter name (`l` for `-l`), for options and flags.
    public var shortName: Character?
    /// The placeholder for the value in help text (`address` in `--listen <address>`).
    public var valueName: String
    /// The value used when neither the command line nor the environment gives one.
    public var defaultValue: String?
    /// The environment variable consulted when the command line does not give a value (options and flags).
    public var environmentVariable: String?
    /// Whether the option may be given several times, or the argument takes every remaining positional value.
    public var isRepeatable: Bool
    /// Whether an argument may be left out; options and flags are always optional.
    public var isOptional: Bool
    /// One sentence for the help text.
    public var help: String

    /// An option that takes a value.
    /// - Parameters:
    ///   - name: the long name without dashes.
    ///   - short: the one-letter name, if any.
    ///   - valueName: the placeholder shown in help; defaults to the name.
    ///   - default: the value when none is given.
    ///   - environmentVariable: the variable read when the command line gives no value.
    ///   - repeatable: whether every occurrence is kept (read them with `strings(_:)`); otherwise the last one wins.
    ///   - help: one sentence for the help text.
    public static func option(
        _ name: String, short: Character? = nil, valueName: String? = nil, default: String? = nil,
        environmentVariable: String? = nil, repeatable: Bool = false, help: String
    ) -> CommandParameter {
        CommandParameter(
            kind: .option, name: name, shortName: short, valueName: valueName ?? name, defaultValue: `default`,
            environmentVariable: environmentVariable, isRepeatable: repeatable, isOptional: true, help: help)
    }

    /// A flag: present or not, counted when repeated (`-vvv`).
    /// - Parameters:
    ///   - name: the long name without dashes.
    ///   - short: the one-letter name, if any.
    ///   - environmentVariable: the variable read when the flag is absent; `1`, `true`, `yes` or `on` set it.
    ///   - help: one sentence for the help text.
    public static func flag(
        _ name: String, short: Character? = nil, environmentVariable: String? = nil, help: String
    ) -> CommandParameter {
        CommandParameter(
            kind: .flag, name: name, shortName: short, valueName: name, defaultValue: nil,
            environmentVariable: environmentVariable, isRepeatable: true, isOptional: true, help: help)
    }

    /// A positional argument, matched in declaration order.
    /// - Parameters:
    ///   - name: the name used to read it back and shown as `<name>` in help.
    ///   - optional: whether it may be left out.
    ///   - default: the value when it is left out (makes it optional).
    ///   - repeatable: whether it takes every remaining positional value; only the last argument may be.
    ///   - help: one sentence for the help text.
    public static func argument(
        _ name: String, optional: Bool = false, default: String? = nil, repeatable: Bool = false, help: String
    ) -> CommandParameter {
        CommandParameter(
            kind: .argument, name: name, shortName: nil, valueName: name, defaultValue: `default`,
            environmentVariable: nil, isRepeatable: repeatable, isOptional: optional || `default` != nil, help: help)
    }

    /// How the parameter is named in messages: `'--listen'` for options and flags, `<path>` for arguments.
    public var displayName: String {
        switch kind {
        case .option, .flag: "'--\(name)'"
        case .argument: "<\(name)>"
        }
    }
}
