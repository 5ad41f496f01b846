import CommandLineKit
import Foundation
import WorkspaceConfig

/// `gp validate [PATH]`: checks the repository's `.gitpod.yml` against what Swiftpod supports.
struct ValidateCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validates the workspace's .gitpod.yml (or devcontainer.json).",
        discussion: """
            Prints each warning and error as 'file:line:column: message' and exits with 1 when the configuration \
            is not valid. PATH is a configuration file or a directory; without it, the repository root \
            (GITPOD_REPO_ROOT, else the current directory).
            """,
        parameters: [.argument("path", optional: true, help: "A configuration file or a repository directory.")]
    )

    let path: String?

    init(parsed: ParsedArguments) throws {
        path = parsed.string("path")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let target: String
        if let path {
            target = path.hasPrefix("/") ? path : (context.workingDirectory as NSString).appendingPathComponent(path)
        } else if let root = context.environment["GITPOD_REPO_ROOT"], !root.isEmpty {
            target = root
        } else {
            target = context.workingDirectory
        }
        let report = ConfigValidationReport(path: target)
        for line in report.lines { context.print(line) }
        if !report.isValid { throw ExitCode.failure }
    }
}
