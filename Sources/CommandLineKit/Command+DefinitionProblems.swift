extension Command {
    /// Mistakes in the declarations of this command and its subcommands, one sentence each; empty when sound.
    ///
    /// The parser assumes a sound definition, so each executable's tests should assert that this is empty. It finds
    /// duplicate names, reserved names (`help`, `-h`), names with dashes at the front, required arguments after
    /// optional ones, repeatable arguments that are not last, and duplicate subcommands.
    public static var definitionProblems: [String] {
        problems(path: [])
    }

    private static func problems(path: [String]) -> [String] {
        let configuration = Self.configuration
        let path = path + [configuration.commandName]
        let command = "'\(path.joined(separator: " "))'"
        var problems: [String] = []

        var names: Set<String> = []
        var shortNames: Set<Character> = []
        for parameter in configuration.parameters {
            if parameter.name.isEmpty || parameter.name.hasPrefix("-") || parameter.name.contains("=") {
                problems.append("\(command): '\(parameter.name)' is not a valid name")
            }
            if !names.insert(parameter.name).inserted {
                problems.append("\(command): '\(parameter.name)' is declared twice")
            }
            if parameter.name == "help" {
                problems.append("\(command): '--help' is reserved")
            }
            if let short = parameter.shortName {
                if short == "h" || short == "-" || short == "=" {
                    problems.append("\(command): '-\(short)' is reserved")
                } else if !shortNames.insert(short).inserted {
                    problems.append("\(command): '-\(short)' is declared twice")
                }
            }
        }

        let arguments = configuration.positionalParameters
        for (index, argument) in arguments.enumerated() {
            if argument.isRepeatable, index != arguments.count - 1 {
                problems.append("\(command): repeatable argument <\(argument.name)> is not the last argument")
            }
            if !argument.isOptional, arguments[..<index].contains(where: \.isOptional) {
                problems.append("\(command): required argument <\(argument.name)> follows an optional one")
            }
        }

        var subcommandNames: Set<String> = []
        for subcommand in configuration.subcommands {
            let name = subcommand.configuration.commandName
            if !subcommandNames.insert(name).inserted {
                problems.append("\(command): subcommand '\(name)' is declared twice")
            }
            if name == "help" {
                problems.append("\(command): subcommand 'help' is reserved")
            }
        }
        if let subcommand = configuration.defaultSubcommand,
            !subcommandNames.contains(subcommand.configuration.commandName)
        {
            problems.append("\(command): the default subcommand is not one of its subcommands")
        }
        for subcommand in configuration.subcommands {
            problems += subcommand.problems(path: path)
        }
        return problems
    }
}
