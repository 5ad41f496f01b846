import CommandLineKit
import SwiftpodAPI

/// `gp env`: prints and changes the owner's persistent environment variables for the workspace's repository
/// (through the server).
struct EnvCommand: GPCommand {
    enum Scope: String, CaseIterable, ArgumentValue {
        case repo, user
    }

    /// What the command does.
    enum Action: Equatable {
        case list
        case set([WorkspaceChannel.Variable])
        case unset([String])
    }

    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Controls the workspace's persistent environment variables.",
        discussion: """
            'gp env' prints the variables of this workspace's repository, 'gp env NAME=VALUE' sets them for the \
            next workspaces on this repository (owner/repo), 'gp env -u NAME' deletes them, and \
            'eval $(gp env -e)' exports them into the current shell. Setting a variable does not change the \
            current shell: use 'eval $(gp env -e NAME=VALUE)' for that.
            """,
        parameters: [
            .flag("export", short: "e", help: "Prints a script that can be eval'ed in Bash."),
            .flag("unset", short: "u", help: "Deletes the named variables."),
            .option("scope", short: "s", valueName: "scope", default: "repo", help: "Where to set them: repo or user."),
            .argument("variables", optional: true, repeatable: true, help: "NAME=VALUE to set, or NAME with --unset."),
        ]
    )

    let action: Action
    let export: Bool
    let scope: Scope

    init(parsed: ParsedArguments) throws {
        let variables = parsed.strings("variables")
        let unset = parsed.flag("unset")
        guard let scope = try parsed.value("scope", as: Scope.self) else {
            throw CommandLineError.missingOption("--scope")
        }
        self.scope = scope
        export = parsed.flag("export")
        if unset {
            if variables.isEmpty { throw ValidationError("'--unset' needs the names of the variables to delete") }
            for name in variables where name.isEmpty || name.contains("=") {
                throw ValidationError("'\(name)' is not a variable name")
            }
            action = .unset(variables)
        } else if variables.isEmpty {
            action = .list
        } else {
            action = .set(try variables.map(Self.assignment))
        }
    }

    /// `NAME=VALUE` as a variable, the value without one pair of surrounding quotes (as Gitpod reads it).
    static func assignment(_ text: String) throws -> WorkspaceChannel.Variable {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("'\(text)' has no name: expected NAME=VALUE")
        }
        let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        var value = Substring(text[text.index(after: equals)...])
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = value.dropFirst().dropLast()
        }
        guard !value.isEmpty else {
            throw ValidationError("'\(name)' needs a value: to delete it, use 'gp env -u \(name)'")
        }
        return WorkspaceChannel.Variable(name: name, value: String(value))
    }

    /// `NAME=VALUE`, or with `export`, `export NAME='VALUE'` quoted for any POSIX shell.
    static func line(_ variable: WorkspaceChannel.Variable, export: Bool) -> String {
        guard export else { return "\(variable.name)=\(variable.value)" }
        return "export \(variable.name)='\(variable.value.replacingOccurrences(of: "'", with: "'\\''"))'"
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommand.run("env") {
            switch action {
            case .list:
                for variable in try await supervisor.environmentVariables().variables {
                    context.print(Self.line(variable, export: export))
                }
            case .set(let variables):
                guard scope == .repo else {
                    throw GPError(
                        code: .environment,
                        message: "a workspace may set variables for its own repository only, so that no repository "
                            + "changes the others' workspaces: set user-wide variables through the API "
                            + "(PUT /api/v1/env/NAME)")
                }
                let stored = try await supervisor.setEnvironmentVariables(variables.map { ($0.name, $0.value) })
                for variable in stored.variables { context.print(Self.line(variable, export: export)) }
            case .unset(let names):
                for name in names { try await supervisor.unsetEnvironmentVariable(name) }
            }
        }
    }
}
