import CommandLineKit
import WorkspaceConfig

/// `swiftpod config validate`: prints every problem in a configuration, one per line.
struct ConfigValidateCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks a .gitpod.yml or devcontainer.json against what Swiftpod supports.",
        discussion: """
            Prints each warning and error as 'file:line:column: message' and exits with 1 when the configuration \
            is not valid. PATH is a configuration file or a repository directory, where .gitpod.yml wins over \
            .devcontainer/devcontainer.json.
            """,
        parameters: [.argument("path", default: ".", help: "A configuration file or a repository directory.")]
    )

    let path: String

    init(parsed: ParsedArguments) throws {
        path = try parsed.required("path")
    }

    func run() async throws {
        do {
            let loaded = try WorkspaceConfigLoader.load(path)
            for warning in loaded.warnings {
                print(warning)
            }
            print("\(loaded.file ?? path): valid" + (loaded.file == nil ? " (no configuration: the defaults)" : ""))
        } catch {
            for diagnostic in error.diagnostics {
                print(diagnostic)
            }
            throw ExitCode(1)
        }
    }
}
