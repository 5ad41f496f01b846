import Foundation

/// Parses the command line, runs the chosen command and turns the outcome into an exit status.
///
/// An executable's `main.swift` is one line: `await CommandRunner.main(root: Swiftpod.self)`.
///
/// Exit statuses: 0 for success, help and `--version`; 64 (`EX_USAGE`) for a command line that does not parse or a
/// `ValidationError`, printed with a pointer to the command's help; 1 for any other error from `run()`; an
/// `ExitCode`'s own status, with nothing printed.
public enum CommandRunner {
    /// Runs the command line and exits the process with its status.
    /// - Parameters:
    ///   - root: the executable's top command.
    ///   - arguments: the full command line, the executable's name first.
    ///   - environment: the variables options fall back on.
    public static func main(
        root: any Command.Type, arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Never {
        let status = await run(root: root, arguments: arguments, environment: environment, output: .standard)
        exit(status)
    }

    /// Runs the command line and returns the exit status, writing help and errors to `output`.
    /// - Parameters:
    ///   - root: the executable's top command.
    ///   - arguments: the full command line, the executable's name first (it is not used; the root's
    ///     `commandName` names the executable in help).
    ///   - environment: the variables options fall back on.
    ///   - output: where help, versions and error messages go.
    /// - Returns: the process's exit status.
    public static func run(
        root: any Command.Type, arguments: [String], environment: [String: String], output: CommandOutput
    ) async -> Int32 {
        let parser = CommandParser(root: root, environment: environment)
        let outcome: ParseOutcome
        do {
            outcome = try parser.parse(Array(arguments.dropFirst()))
        } catch {
            reportUsageError(error.error, commandPath: error.commandPath, output: output)
            return ExitCode.usage.rawValue
        }

        switch outcome {
        case .help(let path):
            output.standardOutput(HelpFormatter.help(for: path))
            return ExitCode.success.rawValue
        case .version(let version):
            output.standardOutput(version + "\n")
            return ExitCode.success.rawValue
        case .run(let type, let parsed):
            let command: any Command
            do {
                command = try type.init(parsed: parsed)
            } catch let exit as ExitCode {
                return exit.rawValue
            } catch {
                reportUsageError(error, commandPath: parsed.commandPath, output: output)
                return ExitCode.usage.rawValue
            }
            do {
                try await command.run()
                return ExitCode.success.rawValue
            } catch is HelpRequest {
                output.standardOutput(HelpFormatter.help(for: commandTypes(root: root, path: parsed.commandPath)))
                return ExitCode.success.rawValue
            } catch let exit as ExitCode {
                return exit.rawValue
            } catch let error as CommandLineError {
                reportUsageError(error, commandPath: parsed.commandPath, output: output)
                return ExitCode.usage.rawValue
            } catch let error as ValidationError {
                reportUsageError(error, commandPath: parsed.commandPath, output: output)
                return ExitCode.usage.rawValue
            } catch {
                output.standardError("error: \(error)\n")
                return ExitCode.failure.rawValue
            }
        }
    }

    /// The help text of the command reached by `path` (command names from the root), as `--help` prints it.
    public static func helpText(root: any Command.Type, path: [String] = []) -> String {
        HelpFormatter.help(for: commandTypes(root: root, path: [root.configuration.commandName] + path))
    }

    private static func reportUsageError(_ error: any Error, commandPath: [String], output: CommandOutput) {
        let command = commandPath.joined(separator: " ")
        output.standardError("error: \(error)\nsee '\(command) --help'\n")
    }

    /// The command types named by `path`, which starts with the root's name; unknown names are skipped.
    private static func commandTypes(root: any Command.Type, path: [String]) -> [any Command.Type] {
        var types: [any Command.Type] = [root]
        for name in path.dropFirst() {
            guard
                let next = types[types.count - 1].configuration.subcommands.first(where: {
                    $0.configuration.commandName == name
                })
            else { break }
            types.append(next)
        }
        return types
    }
}
