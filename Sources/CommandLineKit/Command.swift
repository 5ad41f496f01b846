/// A command of an executable: a type with a static configuration that is built from parsed arguments and run.
///
/// Each command lives in its own file. A command that only groups subcommands needs no `run()`: the default one
/// prints its help.
///
/// ```swift
/// struct ServerCommand: Command {
///     static let configuration = CommandConfiguration(
///         commandName: "server",
///         abstract: "Runs the Swiftpod server.",
///         parameters: [
///             .option("listen", short: "l", valueName: "address", default: "127.0.0.1:8080",
///                     environmentVariable: "SWIFTPOD_LISTEN", help: "Where the server listens."),
///             .option("port", valueName: "number", default: "8080", help: "The port."),
///         ])
///
///     var listen: String
///     var port: Int
///
///     init(parsed: ParsedArguments) throws {
///         listen = try parsed.required("listen")
///         port = try parsed.required("port", as: Int.self)
///     }
///
///     func run() async throws { ... }
/// }
/// ```
public protocol Command: Sendable {
    /// The command's name, help text, parameters and subcommands.
    static var configuration: CommandConfiguration { get }

    /// Builds the command from its parsed parameters.
    ///
    /// Errors thrown here are usage errors: the runner prints them with a pointer to `--help` and exits with 64.
    /// Throw `ValidationError` for checks that span several values.
    /// - Parameter parsed: the values of the parameters the configuration declares.
    init(parsed: ParsedArguments) throws

    /// Does the command's work. An error thrown here is printed and the process exits with 1, or with the code of
    /// an `ExitCode`.
    func run() async throws
}

extension Command {
    /// Prints the command's help; the default for commands that only group subcommands.
    public func run() async throws {
        throw HelpRequest()
    }

    /// Parses `arguments` (without the executable's name) for this command alone, ignoring its subcommands.
    ///
    /// Meant for tests of a single command: `try ServerCommand.parse(["--listen", ":9000"])`.
    /// - Parameters:
    ///   - arguments: the command's own arguments.
    ///   - environment: the environment variables to fall back on.
    public static func parse(_ arguments: [String], environment: [String: String] = [:]) throws -> Self {
        let parser = CommandParser(root: Self.self, environment: environment)
        switch try parser.parseParameters(arguments, path: [Self.self]) {
        case .arguments(let parsed): return try Self(parsed: parsed)
        case .help, .version: throw CommandLineError.helpRequested(commandName: configuration.commandName)
        }
    }
}

/// Thrown by the default `run()` to make the runner print the command's help.
struct HelpRequest: Error {}
