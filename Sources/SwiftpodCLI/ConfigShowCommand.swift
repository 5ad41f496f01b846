import CommandLineKit
import WorkspaceConfig

/// `swiftpod config show --json`: prints the normalized configuration.
struct ConfigShowCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Prints the configuration Swiftpod reads from a .gitpod.yml or devcontainer.json.",
        discussion: """
            Prints the normalized model as JSON with sorted keys: image, tasks, ports (with their defaults), env, \
            checkoutLocation, workspaceLocation, additionalRepositories and gitConfig. Warnings go to standard \
            error; an invalid configuration prints its problems there and exits with 1.
            """,
        parameters: [
            .flag("json", help: "Prints JSON (the only format for now)."),
            .argument("path", default: ".", help: "A configuration file or a repository directory."),
        ]
    )

    let path: String

    init(parsed: ParsedArguments) throws {
        guard parsed.flag("json") else {
            throw ValidationError("'config show' prints JSON only for now: pass '--json'")
        }
        path = try parsed.required("path")
    }

    func run() async throws {
        do {
            let loaded = try WorkspaceConfigLoader.load(path)
            for warning in loaded.warnings {
                CommandOutput.standard.standardError(warning.description + "\n")
            }
            print(loaded.configuration.jsonText())
        } catch {
            for diagnostic in error.diagnostics {
                CommandOutput.standard.standardError(diagnostic.description + "\n")
            }
            throw ExitCode(1)
        }
    }
}
