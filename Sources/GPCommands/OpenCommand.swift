import CommandLineKit
import Foundation

/// `gp open FILE...`: opens files in the browser IDE, in every tab that has the workspace open.
struct OpenCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Opens files in the IDE.",
        discussion: """
            Each FILE is taken relative to the current directory and opened in the editor of every browser IDE tab \
            that has this workspace open. The files must exist and lie under /workspace.
            """,
        parameters: [
            .flag("wait", short: "w", help: "Waits until every opened file is closed again (not supported yet)."),
            .argument("files", repeatable: true, help: "The files to open."),
        ]
    )

    let files: [String]
    let wait: Bool

    init(parsed: ParsedArguments) throws {
        files = parsed.strings("files")
        guard !files.isEmpty else { throw CommandLineError.missingArgument("files") }
        wait = parsed.flag("wait")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        guard !wait else {
            throw GPError(
                code: .notFound,
                message: "`gp open --wait` is not supported by Swiftpod's browser IDE yet: it cannot tell when a file "
                    + "is closed")
        }
        var paths: [String] = []
        for file in files {
            let path = Self.absolutePath(file, in: context.workingDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw GPError(code: .notFound, message: "cannot open '\(file)': there is no such file")
            }
            guard !isDirectory.boolValue else {
                throw GPError(code: .notFound, message: "cannot open '\(file)': it is a directory")
            }
            paths.append(path)
        }
        for path in paths { try await supervisor.openInIDE(path: path) }
    }

    /// `file` as an absolute path, relative ones taken from `directory`, with `.` and `..` resolved.
    static func absolutePath(_ file: String, in directory: String) -> String {
        let joined = file.hasPrefix("/") ? file : directory + "/" + file
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}
