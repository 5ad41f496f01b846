/// Generates a command's help text from its configuration.
enum HelpFormatter {
    /// The width help text is wrapped to.
    static let width = 100
    /// The widest label kept on the same line as its description.
    static let maximumLabelWidth = 32

    /// The full help of the last command on `path`: overview, usage, arguments, options and subcommands.
    static func help(for path: [any Command.Type]) -> String {
        let configuration = path[path.count - 1].configuration
        let commandLine = path.map { $0.configuration.commandName }.joined(separator: " ")
        var sections: [String] = []
        if !configuration.abstract.isEmpty {
            sections.append("OVERVIEW: \(configuration.abstract)")
        }
        if !configuration.discussion.isEmpty {
            sections.append(configuration.discussion)
        }
        sections.append("USAGE: " + usage(for: path))

        let arguments = configuration.positionalParameters.map {
            Row(label: argumentLabel($0), help: $0.help, notes: notes($0))
        }
        var options = configuration.namedParameters.map { Row(label: optionLabel($0), help: $0.help, notes: notes($0)) }
        options.append(Row(label: "-h, --help", help: "Shows help information."))
        if path.count == 1, configuration.version != nil, configuration.parameter(named: "version") == nil {
            options.append(Row(label: "--version", help: "Shows the version."))
        }
        let defaultName = configuration.defaultSubcommand?.configuration.commandName
        let subcommands = configuration.subcommands.map { subcommand in
            let name = subcommand.configuration.commandName
            return Row(
                label: name + (name == defaultName ? " (default)" : ""), help: subcommand.configuration.abstract)
        }

        // One description column for the whole page, set by the widest label that fits beside its description.
        let labelWidth =
            (arguments + options + subcommands).map(\.label.count).filter { $0 <= maximumLabelWidth }
            .max() ?? 0
        if !arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + table(arguments, labelWidth: labelWidth))
        }
        sections.append("OPTIONS:\n" + table(options, labelWidth: labelWidth))
        if !subcommands.isEmpty {
            sections.append(
                "SUBCOMMANDS:\n" + table(subcommands, labelWidth: labelWidth)
                    + "\n\n  See '\(commandLine) help <subcommand>' for detailed help.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// The USAGE line's text: the command names, then every parameter, or `[<options>]` when that would be too long.
    static func usage(for path: [any Command.Type]) -> String {
        let configuration = path[path.count - 1].configuration
        let commandLine = path.map { $0.configuration.commandName }.joined(separator: " ")
        let arguments = configuration.positionalParameters.map(usageWord)
        var subcommand: [String] = []
        if !configuration.subcommands.isEmpty {
            subcommand = [configuration.defaultSubcommand == nil ? "<subcommand>" : "[<subcommand>]"]
        }
        let options = configuration.namedParameters.map(usageWord)
        let full = ([commandLine] + options + arguments + subcommand).joined(separator: " ")
        if full.count + "USAGE: ".count <= width || options.isEmpty {
            return full
        }
        return ([commandLine, "[<options>]"] + arguments + subcommand).joined(separator: " ")
    }

    private static func usageWord(_ parameter: CommandParameter) -> String {
        switch parameter.kind {
        case .flag:
            return "[--\(parameter.name)]"
        case .option:
            return "[--\(parameter.name) <\(parameter.valueName)>\(parameter.isRepeatable ? " ..." : "")]"
        case .argument:
            let word = "<\(parameter.name)>\(parameter.isRepeatable ? " ..." : "")"
            return parameter.isOptional ? "[\(word)]" : word
        }
    }

    private static func optionLabel(_ parameter: CommandParameter) -> String {
        var label = parameter.shortName.map { "-\($0), " } ?? ""
        label += "--\(parameter.name)"
        if parameter.kind == .option {
            label += " <\(parameter.valueName)>"
        }
        return label
    }

    private static func argumentLabel(_ parameter: CommandParameter) -> String {
        "<\(parameter.name)>" + (parameter.isRepeatable ? " ..." : "")
    }

    /// `(default: 127.0.0.1:8080, env: SWIFTPOD_LISTEN)`, or nothing when there is nothing to note.
    private static func notes(_ parameter: CommandParameter) -> String {
        var notes: [String] = []
        if let value = parameter.defaultValue {
            notes.append("default: \(value)")
        }
        if let variable = parameter.environmentVariable {
            notes.append("env: \(variable)")
        }
        if parameter.kind == .option, parameter.isRepeatable {
            notes.append("repeatable")
        }
        return notes.isEmpty ? "" : "(" + notes.joined(separator: ", ") + ")"
    }

    /// One line of a help table.
    private struct Row {
        var label: String
        var help: String
        /// Defaults and variables, kept on one line when they fit.
        var notes: String = ""
    }

    /// Two columns: labels indented by two spaces, descriptions aligned after `labelWidth` and wrapped.
    private static func table(_ rows: [Row], labelWidth: Int) -> String {
        let helpColumn = 2 + labelWidth + 2
        let padding = String(repeating: " ", count: helpColumn)
        var lines: [String] = []
        for row in rows {
            let wrapped = wrap(row.help, notes: row.notes, width: max(width - helpColumn, 20))
            var first = "  " + row.label
            if row.label.count > labelWidth {
                lines.append(first)
                first = padding
            } else {
                first += String(repeating: " ", count: helpColumn - first.count)
            }
            guard let head = wrapped.first else {
                lines.append(first.trimmingTrailingSpaces())
                continue
            }
            lines.append(first + head)
            lines.append(contentsOf: wrapped.dropFirst().map { padding + $0 })
        }
        return lines.joined(separator: "\n")
    }

    /// Wraps `help`, then adds `notes` to its last line if they fit there whole, or on lines of their own.
    static func wrap(_ help: String, notes: String, width: Int) -> [String] {
        var lines = wrap(help, width: width)
        guard !notes.isEmpty else { return lines }
        if let last = lines.last, last.count + 1 + notes.count <= width {
            lines[lines.count - 1] = last + " " + notes
        } else {
            lines += wrap(notes, width: width)
        }
        return lines
    }

    /// Splits text into lines of at most `width` characters at spaces; a longer word gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
