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
        let (json, problems) = Self.report(for: path)
        for problem in problems {
            CommandOutput.standard.standardError(problem + "\n")
        }
        guard let json else {
            throw ExitCode(1)
        }
        print(json)
    }

    /// The JSON `show` prints for a path (nil when the configuration is invalid) and the problems it reports.
    static func report(for path: String) -> (json: String?, problems: [String]) {
        do {
            let loaded = try WorkspaceConfigLoader.load(path)
            return (loaded.configuration.jsonText(), loaded.warnings.map(\.description))
        } catch {
            return (nil, error.diagnostics.map(\.description))
        }
    }
}
