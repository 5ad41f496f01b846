import Basics

// The parser is a pure function of the arguments, the environment and the command types: it performs no I/O, so the
// runner and the tests share it.

/// What the command line asks for.
enum ParseOutcome {
    /// Build and run the command.
    case run(any Command.Type, ParsedArguments)
    /// Print the help of the last command on the path.
    case help([any Command.Type])
    /// Print the root command's version.
    case version(String)
}

/// A parse error with the command it happened in, so the runner can point at that command's help.
struct ParseFailure: Error {
    var error: CommandLineError
    var commandPath: [String]
}

/// Splits a command line into a command and the values of its parameters.
struct CommandParser {
    /// What one command's own arguments ask for.
    enum ParameterOutcome {
        case arguments(ParsedArguments)
        case help
        case version(String)
    }

    let root: any Command.Type
    let environment: [String: String]

    /// Walks the subcommand names, then parses the rest for the command reached.
    /// - Parameter arguments: the command line without the executable's name.
    func parse(_ arguments: [String]) throws(ParseFailure) -> ParseOutcome {
        var path: [any Command.Type] = [root]
        var remaining = arguments[...]
        while let command = path.last, !command.configuration.subcommands.isEmpty, let word = remaining.first {
            let configuration = command.configuration
            if word == "help" {
                return .help(try helpPath(for: Array(remaining.dropFirst()), from: path))
            }
            if let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == word }) {
                path.append(subcommand)
                remaining = remaining.dropFirst()
            } else if let subcommand = configuration.defaultSubcommand, !isHelpOrVersion(word, path: path),
                word.hasPrefix("-") || !subcommand.configuration.positionalParameters.isEmpty
            {
                path.append(subcommand)
            } else if word.hasPrefix("-") || !configuration.positionalParameters.isEmpty {
                break
            } else {
                let candidates = configuration.subcommands.map { $0.configuration.commandName } + ["help"]
                let suggestion = Suggestion.closest(to: word, in: candidates)
                let failure = CommandLineError.unknownSubcommand(word, suggestion: suggestion)
                throw ParseFailure(error: failure, commandPath: names(of: path))
            }
        }
        let command = path[path.count - 1]
        if remaining.isEmpty, let subcommand = command.configuration.defaultSubcommand {
            path.append(subcommand)
        }
        do {
            switch try parseParameters(Array(remaining), path: path) {
            case .arguments(let parsed): return .run(path[path.count - 1], parsed)
            case .help: return .help(path)
            case .version(let version): return .version(version)
            }
        } catch {
            throw ParseFailure(error: error, commandPath: names(of: path))
        }
    }

    /// Parses the options, flags and positional arguments of the last command on `path`.
    func parseParameters(_ arguments: [String], path: [any Command.Type]) throws(CommandLineError) -> ParameterOutcome {
        let configuration = path[path.count - 1].configuration
        let optionsEnd = arguments.firstIndex(of: "--") ?? arguments.endIndex
        if arguments[..<optionsEnd].contains(where: { $0 == "--help" || $0 == "-h" }) {
            return .help
        }
        if path.count == 1, let version = configuration.version, configuration.parameter(named: "version") == nil,
            arguments[..<optionsEnd].contains("--version")
        {
            return .version(version)
        }

        var given: [String: [String]] = [:]
        var positionals: [String] = []
        var index = arguments.startIndex
        var optionsEnded = false

        func nextValue(for option: String) throws(CommandLineError) -> String {
            guard index < arguments.endIndex, !looksLikeOption(arguments[index]) else {
                throw .missingValue(forOption: option)
            }
            defer { index += 1 }
            return arguments[index]
        }

        while index < arguments.endIndex {
            let word = arguments[index]
            index += 1
            if optionsEnded || !looksLikeOption(word) {
                positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inlineValue = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
                guard let parameter = configuration.namedParameters.first(where: { $0.name == name }) else {
                    let names = configuration.namedParameters.map(\.name) + ["help"]
                    let suggestion = Suggestion.closest(to: name, in: names).map { "--" + $0 }
                    throw .unknownOption("--" + name, suggestion: suggestion)
                }
                if parameter.kind == .flag {
                    if inlineValue != nil { throw .unexpectedValue(forFlag: "--" + name) }
                    given[name, default: []].append("true")
                } else {
                    let value = if let inlineValue { inlineValue } else { try nextValue(for: "--" + name) }
                    given[name, default: []].append(value)
                }
            } else {
                var letters = word.dropFirst()
                while let letter = letters.popFirst() {
                    guard let parameter = configuration.namedParameters.first(where: { $0.shortName == letter }) else {
                        throw .unknownOption("-\(letter)")
                    }
                    if parameter.kind == .flag {
                        given[parameter.name, default: []].append("true")
                        continue
                    }
                    let attached = letters.first == "=" ? letters.dropFirst() : letters
                    let value = try attached.isEmpty ? nextValue(for: "-\(letter)") : String(attached)
                    given[parameter.name, default: []].append(value)
                    break
                }
            }
        }

        var entries: [String: ParsedArguments.Entry] = [:]
        for parameter in configuration.namedParameters {
            if let values = given[parameter.name] {
                let kept = parameter.kind == .option && !parameter.isRepeatable ? [values[values.count - 1]] : values
                entries[parameter.name] = .init(parameter: parameter, values: kept, source: .commandLine)
            } else if let variable = parameter.environmentVariable, let text = environment[variable], !text.isEmpty {
                entries[parameter.name] = try environmentEntry(parameter, variable: variable, text: text)
            } else if let value = parameter.defaultValue {
                entries[parameter.name] = .init(parameter: parameter, values: [value], source: .defaultValue)
            }
        }

        var remainingPositionals = positionals[...]
        for parameter in configuration.positionalParameters {
            if parameter.isRepeatable, !remainingPositionals.isEmpty {
                entries[parameter.name] = .init(
                    parameter: parameter, values: Array(remainingPositionals), source: .commandLine)
                remainingPositionals = []
            } else if let value = remainingPositionals.popFirst() {
                entries[parameter.name] = .init(parameter: parameter, values: [value], source: .commandLine)
            } else if let value = parameter.defaultValue {
                entries[parameter.name] = .init(parameter: parameter, values: [value], source: .defaultValue)
            } else if !parameter.isOptional {
                throw .missingArgument(parameter.name)
            }
        }
        if let extra = remainingPositionals.first {
            throw .unexpectedArgument(extra)
        }
        let parsed = ParsedArguments(
            commandPath: names(of: path), configuration: configuration, entries: entries)
        return .arguments(parsed)
    }

    private func environmentEntry(
        _ parameter: CommandParameter, variable: String, text: String
    ) throws(CommandLineError) -> ParsedArguments.Entry {
        guard parameter.kind == .flag else {
            return .init(parameter: parameter, values: [text], source: .environment(variable))
        }
        guard let isSet = Bool(argument: text) else {
            throw .invalidValue(
                text, for: parameter.displayName, environmentVariable: variable, expected: Bool.expectedValue)
        }
        return .init(parameter: parameter, values: isSet ? ["true"] : [], source: .environment(variable))
    }

    /// Resolves the words after `help` to the command whose help is wanted.
    private func helpPath(
        for words: [String], from start: [any Command.Type]
    ) throws(ParseFailure) -> [any Command.Type] {
        var path = start
        for word in words where !word.hasPrefix("-") {
            let subcommands = path[path.count - 1].configuration.subcommands
            guard let subcommand = subcommands.first(where: { $0.configuration.commandName == word }) else {
                let candidates = subcommands.map { $0.configuration.commandName }
                let suggestion = Suggestion.closest(to: word, in: candidates)
                let failure = CommandLineError.unknownSubcommand(word, suggestion: suggestion)
                throw ParseFailure(error: failure, commandPath: names(of: path))
            }
            path.append(subcommand)
        }
        return path
    }

    private func isHelpOrVersion(_ word: String, path: [any Command.Type]) -> Bool {
        word == "--help" || word == "-h" || (path.count == 1 && word == "--version")
    }

    private func names(of path: [any Command.Type]) -> [String] {
        path.map { $0.configuration.commandName }
    }
}

/// Whether a word is an option rather than a value: it starts with a dash and is neither `-` alone nor a negative
/// number.
func looksLikeOption(_ word: String) -> Bool {
    guard word.hasPrefix("-"), word.count > 1 else { return false }
    if word.hasPrefix("--") { return true }
    return Double(word) == nil
}
