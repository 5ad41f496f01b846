/// What a command is called, what it does, and what it accepts.
public struct CommandConfiguration: Sendable {
    /// The word that selects the command (`server` in `swiftpod server`).
    public var commandName: String
    /// One line for the help text and for the parent's subcommand list.
    public var abstract: String
    /// Longer help, printed as written below the abstract.
    public var discussion: String
    /// The version printed by `--version`; only consulted on the root command.
    public var version: String?
    /// Options, flags and positional arguments, in the order help lists them.
    public var parameters: [CommandParameter]
    /// Nested commands (`swiftpod config validate`).
    public var subcommands: [any Command.Type]
    /// The subcommand run when none is named; without one, the command's own `run()` is used.
    public var defaultSubcommand: (any Command.Type)?

    /// Describes a command; only the name is required.
    public init(
        commandName: String, abstract: String = "", discussion: String = "", version: String? = nil,
        parameters: [CommandParameter] = [], subcommands: [any Command.Type] = [],
        defaultSubcommand: (any Command.Type)? = nil
    ) {
        self.commandName = commandName
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.parameters = parameters
        self.subcommands = subcommands
        self.defaultSubcommand = defaultSubcommand
    }

    /// The parameter declared with `name`, if any.
    public func parameter(named name: String) -> CommandParameter? {
        parameters.first { $0.name == name }
    }

    /// The options and flags, in declaration order.
    var namedParameters: [CommandParameter] { parameters.filter { $0.kind != .argument } }

    /// The positional arguments, in declaration order.
    var positionalParameters: [CommandParameter] { parameters.filter { $0.kind == .argument } }
}
