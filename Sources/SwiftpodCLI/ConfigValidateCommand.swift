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
        let (lines, isValid) = Self.report(for: path)
        for line in lines {
            print(line)
        }
        if !isValid {
            throw ExitCode(1)
        }
    }

    /// The lines `validate` prints for a path, and whether its configuration is valid.
    static func report(for path: String) -> (lines: [String], isValid: Bool) {
        let report = ConfigValidationReport(path: path)
        return (report.lines, report.isValid)
    }
}
