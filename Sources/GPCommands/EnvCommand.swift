import CommandLineKit

/// `gp env`: prints and changes the persistent environment variables of the workspace's repository (through the
/// server).
struct EnvCommand: GPCommand {
    enum Scope: String, CaseIterable, ArgumentValue {
        case repo, user
    }

    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Controls the workspace's persistent environment variables.",
        discussion: """
            'gp env' prints them, 'gp env NAME=VALUE' sets them for the next workspaces on this repository, \
            'gp env -u NAME' deletes them, and 'eval $(gp env -e)' exports them into the current shell.
            """,
        parameters: [
            .flag("export", short: "e", help: "Prints a script that can be eval'ed in Bash."),
            .flag("unset", short: "u", help: "Deletes the named variables."),
            .option("scope", short: "s", valueName: "scope", default: "repo", help: "Where to set them: repo or user."),
            .argument("variables", optional: true, repeatable: true, help: "NAME=VALUE to set, or NAME with --unset."),
        ]
    )

    let arguments: [String]

    init(parsed: ParsedArguments) throws {
        let variables = parsed.strings("variables")
        let unset = parsed.flag("unset")
        guard let scope = try parsed.value("scope", as: Scope.self) else {
            throw CommandLineError.missingOption("--scope")
        }
        if unset, variables.isEmpty { throw ValidationError("'--unset' needs the names of the variables to delete") }
        for variable in variables {
            if unset {
                guard !variable.isEmpty, !variable.contains("=") else {
                    throw ValidationError("'\(variable)' is not a variable name")
                }
            } else {
                guard let equals = variable.firstIndex(of: "="), equals != variable.startIndex else {
                    throw ValidationError("'\(variable)' has no name: expected NAME=VALUE")
                }
            }
        }
        var arguments: [String] = []
        if parsed.flag("export") { arguments.append("--export") }
        if unset { arguments.append("--unset") }
        arguments += ["--scope", scope.rawValue] + variables
        self.arguments = arguments
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        try await ServerCommandRequest.send("env", arguments: arguments, context: context, supervisor: supervisor)
    }
}
