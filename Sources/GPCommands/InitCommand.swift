import CommandLineKit
import Foundation

/// `gp init`: writes a starter `.gitpod.yml` in the current directory.
struct InitCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Creates a starter .gitpod.yml for this project in the current directory.",
        discussion: "Refuses to replace an existing .gitpod.yml unless --force is given.",
        parameters: [
            .flag("minimal", short: "m", help: "Writes tasks only, without ports."),
            .flag("force", short: "f", help: "Replaces an existing .gitpod.yml."),
        ]
    )

    static let fileName = ".gitpod.yml"

    static let tasks = """
        # The start-up tasks, each in a terminal of its own. See https://www.gitpod.io/docs/configure/workspaces/tasks
        tasks:
          - init: echo 'init script' # runs once, when the workspace is created (or by a prebuild)
            command: echo 'start script' # runs every time the workspace starts

        """

    static let ports = """

        # The ports to expose, and what to do when they open. See https://www.gitpod.io/docs/configure/workspaces/ports
        ports:
          - port: 3000
            onOpen: open-preview

        """

    let minimal: Bool
    let force: Bool

    init(parsed: ParsedArguments) throws {
        minimal = parsed.flag("minimal")
        force = parsed.flag("force")
    }

    /// The text `gp init` writes.
    static func starter(minimal: Bool) -> String {
        minimal ? tasks : tasks + ports
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let path = (context.workingDirectory as NSString).appendingPathComponent(Self.fileName)
        if !force, FileManager.default.fileExists(atPath: path) {
            throw GPError(
                code: .environment, message: "\(path) already exists: pass --force to replace it")
        }
        // A file beside it, renamed into place: not Foundation's atomic write, which leaves a directory in /tmp.
        let temporary = path + ".gp-init-\(getpid())"
        do {
            try Data(Self.starter(minimal: minimal).utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw GPError(code: .environment, message: "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw GPError(code: .environment, message: "cannot write \(path): \(reason)")
        }
        context.print("Wrote \(path); check it with 'gp validate'.")
    }
}
